// Maps an Alertmanager webhook (version 4) to attack reports, one per alert, each with its own outcome.
// Only a malformed body is an error (400): Alertmanager re-sends 4xx forever, so valid-but-useless alerts are skipped with a reason.

import { InvalidRequestError } from '../../core/errors.ts';
import type { Severity } from '../../core/types.ts';
import { normalizeIp } from '../../core/cidr.ts';
import { toRate, type AttackReport } from './attack-signal.ts';
import { unknownVectorWarning } from './vector.ts';

export interface AlertOutcome {
  index: number;
  fingerprint: string | null;
  status: string;
  /** What happened: stored (new signal), duplicate (already stored), skipped (nothing actionable). */
  outcome: 'stored' | 'duplicate' | 'skipped';
  reason?: string;
  /** Stored, but something the sender should fix: e.g. a vector outside the shared vocabulary (it never corroborates). */
  warning?: string;
  subject_id?: string;
  vector?: string;
  confidence?: number;
  /** True for a resolved alert: it ends the attack (withdraws) instead of reporting it. */
  ended?: boolean;
}

export type MappedAlert = { outcome: AlertOutcome; report: AttackReport | null };

const SEVERITY: Record<string, Severity> = { critical: 'critical', error: 'high', warning: 'medium', info: 'info' };

/** The host of an Alertmanager `instance` label: `10.0.0.5:9100`, `[2001:db8::1]:9100`, or a bare IPv6 address. */
export function hostOfInstance(instance: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(instance);
  if (bracketed) return bracketed[1]!;
  const colons = instance.split(':').length - 1;
  return colons === 1 ? instance.slice(0, instance.indexOf(':')) : instance;
}

// JSON, never String(): a parsed object may carry a "toString" key that is not a function, and String() then throws.
const asText = (v: unknown) => JSON.stringify(v) ?? 'undefined';

/** Checks the envelope (throws InvalidRequestError naming the problem) and maps each alert. */
export function mapAlertmanagerWebhook(body: unknown, confidenceMapping: Record<string, number>): MappedAlert[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new InvalidRequestError('the body must be an Alertmanager webhook object');
  const b = body as Record<string, unknown>;
  if (b.version !== undefined && b.version !== '4') throw new InvalidRequestError(`unsupported webhook version ${asText(b.version)}; Alertmanager sends version "4"`, { field: 'version' });
  if (!Array.isArray(b.alerts)) throw new InvalidRequestError('"alerts" must be an array', { field: 'alerts' });
  b.alerts.forEach((a, i) => {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new InvalidRequestError(`alerts[${i}] must be an object`, { field: `alerts[${i}]` });
    const alert = a as Record<string, unknown>;
    if (typeof alert.status !== 'string') throw new InvalidRequestError(`alerts[${i}].status must be a string`, { field: `alerts[${i}].status` });
    if (typeof alert.labels !== 'object' || alert.labels === null || Array.isArray(alert.labels)) {
      throw new InvalidRequestError(`alerts[${i}].labels must be an object`, { field: `alerts[${i}].labels` });
    }
  });
  return (b.alerts as Record<string, unknown>[]).map((alert, index) => mapAlert(alert, index, confidenceMapping));
}

function mapAlert(alert: Record<string, unknown>, index: number, mapping: Record<string, number>): MappedAlert {
  const labels = alert.labels as Record<string, unknown>;
  const annotations = (typeof alert.annotations === 'object' && alert.annotations !== null ? alert.annotations : {}) as Record<string, unknown>;
  const fingerprint = typeof alert.fingerprint === 'string' && alert.fingerprint ? alert.fingerprint : null;
  const status = alert.status as string;
  const base = { index, fingerprint, status };
  const skip = (reason: string): MappedAlert => ({ outcome: { ...base, outcome: 'skipped', reason }, report: null });

  if (status !== 'firing' && status !== 'resolved') return skip(`status "${status}" is neither firing nor resolved`);
  const rawVictim = typeof labels.victim_ip === 'string' ? labels.victim_ip : typeof labels.instance === 'string' ? hostOfInstance(labels.instance) : null;
  if (rawVictim === null) return skip('no victim_ip label and no instance label');
  const victim = normalizeIp(rawVictim);
  if (!victim) return skip(`victim "${rawVictim}" is not an IP address`);
  const vector = typeof labels.vector === 'string' && labels.vector ? labels.vector : typeof labels.alertname === 'string' && labels.alertname ? labels.alertname : null;
  if (!vector) return skip('no vector label and no alertname label');
  const severityLabel = typeof labels.severity === 'string' ? labels.severity : '';
  // Own properties only: a severity label of "constructor" or "toString" is just an unmapped severity.
  const mapped = Object.hasOwn(mapping, severityLabel) ? mapping[severityLabel] : undefined;
  const confidence = mapped ?? 0.5;
  const outcome: AlertOutcome = { ...base, outcome: 'stored', subject_id: victim, vector, confidence, ...(status === 'resolved' ? { ended: true } : {}) };
  if (mapped === undefined) outcome.reason = `severity "${severityLabel}" has no confidence mapping; used 0.5`;
  // A resolved alert ends whatever it names; only a firing one needs a vector others report too.
  const warning = status === 'firing' ? unknownVectorWarning(vector) : null;
  if (warning) outcome.warning = warning;
  const report: AttackReport = {
    source: 'alertmanager', victim, confidence, vector, externalId: fingerprint, ended: status === 'resolved',
    severity: Object.hasOwn(SEVERITY, severityLabel) ? SEVERITY[severityLabel]! : null,
    bps: toRate(annotations.bps), pps: toRate(annotations.pps),
    extra: { status, ...(typeof labels.alertname === 'string' ? { alertname: labels.alertname } : {}), ...(typeof alert.startsAt === 'string' ? { starts_at: alert.startsAt } : {}) },
    raw: { labels, annotations, startsAt: alert.startsAt, endsAt: alert.endsAt, generatorURL: alert.generatorURL },
    // Resolved notifications repeat too; one per alert occurrence is enough. Firing repeats are kept: they refresh.
    dedupKey: status === 'resolved' && fingerprint ? `${fingerprint}\nresolved\n${typeof alert.startsAt === 'string' ? alert.startsAt : asText(alert.startsAt)}` : null,
  };
  return { outcome, report };
}
