// Open incidents held against a subject as Trust Score findings (threat_exposure, `incident_points` each): the
// subject_anomaly family's incidents on that very subject. Reads incidents only; the correlation engine writes them.

import type pg from 'pg';
import { listOpenIncidents, type OpenIncident } from '../correlate/incident-queries.ts';
import type { Finding } from './formula.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** An open incident as a finding: its key names the rule that opened it, its time is when it opened. */
export function incidentFinding(i: OpenIncident): Finding {
  return {
    kind: 'incident', id: i.id, source: 'quorum', signal_key: `incident.${i.rule}`, severity: null, value: null,
    observed_at: typeof i.opened_at === 'string' ? i.opened_at : new Date(i.opened_at).toISOString(),
  };
}

/** A tenant's open incidents by subject, for scoring every subject of the tenant (open incidents are few). */
export async function indexOpenIncidents(c: Client, tenantId: string, now: Date): Promise<(subjectType: string, subjectId: string) => Finding[]> {
  const bySubject = new Map<string, Finding[]>();
  for (const i of await listOpenIncidents(c, tenantId, now)) {
    const k = `${i.subject_type}\u0000${i.subject_id}`;
    bySubject.set(k, [...(bySubject.get(k) ?? []), incidentFinding(i)]);
  }
  return (subjectType, subjectId) => bySubject.get(`${subjectType}\u0000${subjectId}`) ?? [];
}
