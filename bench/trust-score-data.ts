// The Trust Score benchmark's data: a month of signals for many tenants and subjects, generated deterministically and
// loaded with COPY day by day (subjects interleaved within a day, as they arrive). Writes only through the owner pool.

import type pg from 'pg';
import { copyRows } from '../src/store/signal-queries.ts';

export interface TrustDataShape {
  tenants: number;
  subjectsPerTenant: number;
  days: number;
  /** The instant the data ends at; every signal is observed before it. */
  now: Date;
}

/** A key a subject reports: how often, from which source, for how long a value holds, and what it says. */
interface KeySpec {
  key: string;
  source: string;
  /** Hours between versions; sporadic keys have none and report `sporadic` times at random. */
  periodHours?: number;
  sporadic?: { max: number; share: number };
  ttlSeconds: number | null;
  value: (r: number) => { value: unknown; severity: string | null };
}

const sev = (r: number) => (r < 0.5 ? 'info' : r < 0.75 ? 'low' : r < 0.9 ? 'medium' : r < 0.97 ? 'high' : 'critical');

// About 100 versions per subject over 30 days: eight keys from seven sources, a few TTL-bound.
const KEYS: KeySpec[] = [
  { key: 'patch.cve_count', source: 'patch_scanner', periodHours: 72, ttlSeconds: null, value: (r) => ({ value: Math.floor(r * 40), severity: sev(r) }) },
  { key: 'agent.heartbeat', source: 'edr_agent', periodHours: 24, ttlSeconds: 2 * 86_400, value: () => ({ value: true, severity: 'info' }) },
  { key: 'disk.usage_pct', source: 'edr_agent', periodHours: 24, ttlSeconds: null, value: (r) => ({ value: Math.round(r * 100), severity: r > 0.9 ? 'medium' : null }) },
  { key: 'secrets.exposed', source: 'secrets_scanner', periodHours: 168, ttlSeconds: null, value: (r) => ({ value: r > 0.95, severity: r > 0.95 ? 'critical' : 'info' }) },
  { key: 'config.baseline_ok', source: 'config_audit', periodHours: 48, ttlSeconds: null, value: (r) => ({ value: r > 0.2, severity: r > 0.2 ? 'info' : 'high' }) },
  { key: 'evidence.backup_ok', source: 'backup_monitor', periodHours: 72, ttlSeconds: 4 * 86_400, value: (r) => ({ value: r > 0.1, severity: r > 0.1 ? null : 'medium' }) },
  { key: 'access.emergency_login', source: 'pam_vault', sporadic: { max: 4, share: 0.3 }, ttlSeconds: 7 * 86_400, value: (r) => ({ value: 1 + Math.floor(r * 3), severity: sev(r) }) },
  { key: 'threat.ip_threat', source: 'synapse', sporadic: { max: 12, share: 0.2 }, ttlSeconds: 3600, value: (r) => ({ value: r, severity: sev(r) }) },
];
const SUBJECT_TYPES = ['host', 'container', 'user'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A deterministic number in [0, 1) from integers (a 32-bit integer hash). */
function rand(...xs: number[]): number {
  let h = 0x9e3779b9;
  for (const x of xs) {
    h = Math.imul(h ^ x, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

/** Subject number `s` (0-based within a tenant) as its type and id. */
export function subjectOf(s: number): { subjectType: string; subjectId: string } {
  return { subjectType: SUBJECT_TYPES[s % SUBJECT_TYPES.length]!, subjectId: `s${String(s).padStart(6, '0')}.example.internal` };
}

/** The instants (ms) at which a subject reports a key within [from, to); one agent in twenty stopped reporting a week ago. */
function versionTimes(shape: TrustDataShape, t: number, s: number, k: number, from: number, to: number): number[] {
  const spec = KEYS[k]!;
  const start = shape.now.getTime() - shape.days * DAY;
  const stoppedAt = spec.source === 'edr_agent' && rand(t, s, 7) < 0.05 ? shape.now.getTime() - 7 * DAY : shape.now.getTime();
  const out: number[] = [];
  if (spec.periodHours) {
    const period = spec.periodHours * HOUR;
    const phase = Math.floor(rand(t, s, k, 1) * period);
    for (let j = Math.max(0, Math.ceil((from - start - phase) / period)); ; j++) {
      const at = start + phase + j * period;
      if (at >= to || at >= stoppedAt) break;
      out.push(at);
    }
  } else if (rand(t, s, k, 2) < spec.sporadic!.share) {
    const n = 1 + Math.floor(rand(t, s, k, 3) * spec.sporadic!.max);
    for (let j = 0; j < n; j++) {
      const at = start + Math.floor(rand(t, s, k, 4, j) * (shape.days * DAY - 1));
      if (at >= from && at < to) out.push(at);
    }
  }
  return out;
}

const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** One day's rows for every tenant and subject, as COPY CSV lines, shuffled as arrivals interleave. */
function dayLines(shape: TrustDataShape, tenantIds: string[], day: number): string[] {
  const from = shape.now.getTime() - (shape.days - day) * DAY;
  const lines: string[] = [];
  for (let t = 0; t < tenantIds.length; t++) {
    for (let s = 0; s < shape.subjectsPerTenant; s++) {
      const { subjectType, subjectId } = subjectOf(s);
      for (let k = 0; k < KEYS.length; k++) {
        const spec = KEYS[k]!;
        for (const at of versionTimes(shape, t, s, k, from, from + DAY)) {
          const { value, severity } = spec.value(rand(t, s, k, at));
          lines.push([csv(tenantIds[t]!), spec.source, subjectType, csv(subjectId), spec.key, csv(JSON.stringify({ value })),
            severity ?? '', new Date(at).toISOString(), spec.ttlSeconds ?? ''].join(',') + '\n');
        }
      }
    }
  }
  for (let i = lines.length - 1; i > 0; i--) {
    const j = Math.floor(rand(day, i) * (i + 1));
    [lines[i], lines[j]] = [lines[j]!, lines[i]!];
  }
  return lines;
}

const COPY_SQL = `COPY signal_streams (tenant_id, source, subject_type, subject_id, signal_key, signal_value, severity,
  observed_at, ttl_seconds) FROM STDIN WITH (FORMAT csv)`;

/** Loads every day of the shape through `streams` concurrent COPY connections; returns the rows written. */
export async function loadTrustData(owner: pg.Pool, shape: TrustDataShape, tenantIds: string[], streams: number): Promise<number> {
  let nextDay = 0;
  let rows = 0;
  await Promise.all(Array.from({ length: streams }, async () => {
    const client = await owner.connect();
    try {
      while (nextDay < shape.days) {
        const lines = dayLines(shape, tenantIds, nextDay++);
        await copyRows(client, COPY_SQL, lines);
        rows += lines.length;
      }
    } finally {
      client.release();
    }
  }));
  return rows;
}
