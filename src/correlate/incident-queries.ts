// Every SQL statement on incidents, as small named functions: open, keep open, close, list, and the open incidents of a subject.
// Callers run them inside withTenant(); each names its tenant. Incidents are correlate's own state: nothing here blocks anything.

import type pg from 'pg';
import type { Statement } from '../db/one-trip.ts';
import type { Explanation } from './explanation.ts';

export interface IncidentRow {
  id: string;
  tenant_id: string;
  group_id: string;
  rule: string;
  playbook: string;
  subject_type: string;
  subject_id: string;
  status: 'open' | 'closed';
  opened_at: string;
  last_signal_at: string;
  ttl_seconds: number;
  expires_at: string;
  closed_at: string | null;
  close_reason: string | null;
  explanation: Explanation;
  explanation_text: string;
}

/** What the Trust Score needs of an open incident on a subject. */
export interface OpenIncident {
  id: string;
  subject_type: string;
  subject_id: string;
  opened_at: string;
  rule: string;
  playbook: string;
}

type Client = Pick<pg.PoolClient, 'query'>;

/** The close reason of an incident whose TTL passed; the sweep writes the same text (closeQuietIncidents). */
export const quietReason = (ttlSeconds: number) => `no new report for ${ttlSeconds} s`;

export interface NewIncident {
  tenantId: string;
  groupId: string;
  rule: string;
  playbook: string;
  subjectType: string;
  subjectId: string;
  ttlSeconds: number;
  explanation: Explanation;
  now: Date;
}

/** Opens the incident of a decided group; a group opens at most one (the unique index on group_id). */
export async function openIncident(c: Client, i: NewIncident): Promise<IncidentRow | null> {
  const res = await c.query<IncidentRow>(
    `INSERT INTO incidents (tenant_id, group_id, rule, playbook, subject_type, subject_id, opened_at, last_signal_at, ttl_seconds,
       expires_at, explanation, explanation_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $7::timestamptz + make_interval(secs => $8::int), $9, $10)
     ON CONFLICT (group_id) DO NOTHING
     RETURNING *`,
    [i.tenantId, i.groupId, i.rule, i.playbook, i.subjectType, i.subjectId, i.now, i.ttlSeconds, JSON.stringify(i.explanation), i.explanation.text],
  );
  return res.rows[0] ?? null;
}

/** A new report of the subject joined the incident's group: it stays open until ttl_seconds after now. */
export async function keepIncidentOpen(c: Client, tenantId: string, groupId: string, now: Date): Promise<void> {
  await c.query(
    `UPDATE incidents SET last_signal_at = greatest(last_signal_at, $3),
       expires_at = greatest(expires_at, $3::timestamptz + make_interval(secs => ttl_seconds))
     WHERE tenant_id = $1 AND group_id = $2 AND status = 'open' AND expires_at > $3`,
    [tenantId, groupId, now]);
}

/** The open incident of a group (its TTL not yet passed), locked; null when it has none. */
export async function findOpenIncidentOfGroup(c: Client, tenantId: string, groupId: string, now: Date): Promise<IncidentRow | null> {
  const res = await c.query<IncidentRow>(
    `SELECT * FROM incidents WHERE tenant_id = $1 AND group_id = $2 AND status = 'open' AND expires_at > $3 FOR UPDATE`,
    [tenantId, groupId, now]);
  return res.rows[0] ?? null;
}

/** Closes an incident because its sources ended it; its group says the same. */
export async function closeIncident(c: Client, tenantId: string, id: string, reason: string, now: Date): Promise<void> {
  await c.query(
    `WITH closed AS (
       UPDATE incidents SET status = 'closed', closed_at = $4, close_reason = $3
       WHERE tenant_id = $1 AND id = $2 AND status = 'open' RETURNING group_id)
     UPDATE signal_groups g SET end_reason = $3, ended_at = $4, updated_at = $4
     FROM closed WHERE g.tenant_id = $1 AND g.id = closed.group_id`,
    [tenantId, id, reason, now]);
}

/**
 * The sweep: closes the tenant's incidents whose TTL passed with no new report, at the moment it passed (expires_at),
 * so the stored close time and reason are those every read showed before the sweep; their groups say the same.
 * Groups are locked first, as the engine locks them (group, then incident): the two never wait on each other in a circle.
 */
export async function closeQuietIncidents(c: Client, tenantId: string, now: Date): Promise<number> {
  const due = await c.query<{ id: string }>(
    `SELECT g.id FROM incidents i JOIN signal_groups g ON g.id = i.group_id AND g.tenant_id = i.tenant_id
     WHERE i.tenant_id = $1 AND i.status = 'open' AND i.expires_at <= $2
     ORDER BY g.id FOR UPDATE OF g`,
    [tenantId, now]);
  if (!due.rows.length) return 0;
  const res = await c.query(
    `WITH closed AS (
       UPDATE incidents SET status = 'closed', closed_at = expires_at, close_reason = 'no new report for ' || ttl_seconds || ' s'
       WHERE tenant_id = $1 AND group_id = ANY($3::uuid[]) AND status = 'open' AND expires_at <= $2
       RETURNING group_id, closed_at, close_reason)
     UPDATE signal_groups g SET end_reason = closed.close_reason, ended_at = closed.closed_at, updated_at = $2
     FROM closed WHERE g.tenant_id = $1 AND g.id = closed.group_id
     RETURNING g.id`,
    [tenantId, now, due.rows.map((r) => r.id)]);
  return res.rowCount ?? 0;
}

export interface IncidentFilter {
  status?: 'open' | 'closed';
  subjectType?: string;
  subjectId?: string;
  rule?: string;
  since?: string;
  until?: string;
  before?: { at: string; id: string };
  limit: number;
}

/** Incidents newest first; open means "TTL not passed" whether or not the sweep has come by. `since`/`until` on opened_at. */
export async function listIncidents(c: Client, tenantId: string, f: IncidentFilter, now: Date): Promise<IncidentRow[]> {
  const res = await c.query<IncidentRow>(
    `SELECT * FROM incidents
     WHERE tenant_id = $1
       AND ($2::text IS NULL OR ($2 = 'open') = (status = 'open' AND expires_at > $10))
       AND ($3::text IS NULL OR subject_type = $3) AND ($4::text IS NULL OR subject_id = $4) AND ($5::text IS NULL OR rule = $5)
       AND ($6::timestamptz IS NULL OR opened_at >= $6) AND ($7::timestamptz IS NULL OR opened_at < $7)
       AND ($8::timestamptz IS NULL OR (opened_at, id) < ($8, $9::uuid))
     ORDER BY opened_at DESC, id DESC LIMIT $11`,
    [tenantId, f.status ?? null, f.subjectType ?? null, f.subjectId ?? null, f.rule ?? null, f.since ?? null, f.until ?? null,
      f.before?.at ?? null, f.before?.id ?? null, now, f.limit]);
  return res.rows;
}

export async function getIncident(c: Client, tenantId: string, id: string): Promise<IncidentRow | null> {
  const res = await c.query<IncidentRow>('SELECT * FROM incidents WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return res.rows[0] ?? null;
}

/**
 * The tenant's open incidents (TTL not passed at `now`), of one subject when given, oldest first. For the Trust Score:
 * an open incident on a subject costs it an `incident_penalty` in `threat_exposure`.
 */
export async function listOpenIncidents(c: Client, tenantId: string, now: Date, subject?: { type: string; id: string }): Promise<OpenIncident[]> {
  const s = openIncidentsStatement(tenantId, now, subject);
  return (await c.query<OpenIncident>(s.text, s.values as unknown[])).rows;
}

/** listOpenIncidents as a statement, for a caller that sends several at once; its rows are OpenIncidents. */
export function openIncidentsStatement(tenantId: string, now: Date, subject?: { type: string; id: string }): Statement {
  return {
    text: `SELECT id, subject_type, subject_id, opened_at, rule, playbook FROM incidents
     WHERE tenant_id = $1 AND status = 'open' AND expires_at > $2
       AND ($3::text IS NULL OR (subject_type = $3 AND subject_id = $4))
     ORDER BY opened_at, id`,
    values: [tenantId, now.toISOString(), subject?.type ?? null, subject?.id ?? null],
  };
}
