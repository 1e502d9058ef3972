// `quorum incidents list|get`: the tenant's incidents (corroborated groups that block nothing) through a running hub's
// HTTP API, as the key's tenant. Read-only.

import { Option, type Command } from 'commander';
import { action, allPages, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSince, parseSubject, positiveInt } from './args.ts';
import { emit, fields, listing, timeText, type Column, type OutputMode } from './output.ts';

interface Incident {
  id: string; subject_type: string; subject_id: string; rule: string; status: string; opened_at: string; expires_at: string;
  closed_at: string | null; close_reason: string | null; source_count: number; sources: string[]; explanation_text: string;
}
interface IncidentDetail extends Incident {
  group_id: string; last_signal_at: string;
  signals: { signal_id: string; source: string; signal_key: string; severity: string | null; observed_at: string }[];
}

const COLUMNS: Column<Incident>[] = [
  { header: 'ID', cell: (i) => i.id }, { header: 'STATUS', cell: (i) => i.status }, { header: 'SUBJECT', cell: (i) => `${i.subject_type}/${i.subject_id}`, clip: 40 },
  { header: 'RULE', cell: (i) => i.rule }, { header: 'SOURCES', cell: (i) => i.sources.join(',') },
  { header: 'OPENED', cell: (i) => i.opened_at, time: true }, { header: 'CLOSES/CLOSED', cell: (i) => i.closed_at ?? i.expires_at, time: true },
  { header: 'CLOSE REASON', cell: (i) => i.close_reason, wide: true },
];

export function registerIncidentsCommands(program: Command): void {
  const incidents = program.command('incidents').description("the tenant's incidents (subject_anomaly and other incident playbooks): list, get");
  withHubOptions(incidents.command('list').description('incidents, newest first'))
    .addOption(new Option('--status <status>', 'only open or closed ones').choices(['open', 'closed']))
    .option('--subject <type/id>', 'only this subject, e.g. host/web-01')
    .option('--rule <name>', 'only this rule')
    .option('--since <time>', 'opened at or after: RFC 3339, or back from now like 1h, 7d')
    .option('--limit <n>', 'incidents at most (every page is followed up to it)', '1000')
    .action(action(async (o: HubOptions & { status?: string; subject?: string; rule?: string; since?: string; limit: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const subject = o.subject === undefined ? undefined : parseSubject(o.subject);
      const since = o.since === undefined ? undefined : parseSince(o.since, '--since');
      const client = await clientOf(o);
      const all = await allPages<Incident>(limit, async (cursor, want) => {
        const p = await client.json<{ incidents: Incident[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/incidents',
          query: { status: o.status, subject_type: subject?.type, subject_id: subject?.id, rule: o.rule, since, cursor, limit: want },
        });
        return { items: p.incidents, next: p.next_cursor };
      });
      emit(o.output, { incidents: all }, () => listing(all, COLUMNS, o.output));
    }));
  withHubOptions(incidents.command('get <id>').description('one incident: why it opened, its signals, and when it closes'))
    .action(action(async (id: string, o: HubOptions) => {
      const i = await (await clientOf(o)).json<IncidentDetail>({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(id)}` });
      emit(o.output, i, () => detail(i, o.output));
    }));
}

function detail(i: IncidentDetail, mode: OutputMode): string {
  const state = i.closed_at ? `closed ${timeText(i.closed_at, mode)}: ${i.close_reason ?? ''}` : `open; closes ${timeText(i.expires_at, mode)} unless another report arrives`;
  return fields([
    ['incident', i.id], ['subject', `${i.subject_type}/${i.subject_id}`], ['rule', i.rule], ['status', state],
    ['opened', timeText(i.opened_at, mode)], ['last report', timeText(i.last_signal_at, mode)], ['group', i.group_id],
  ]) + `why: ${i.explanation_text}\n\n` + listing(i.signals, [
    { header: 'SIGNAL', cell: (s) => s.signal_id }, { header: 'SOURCE', cell: (s) => s.source }, { header: 'KEY', cell: (s) => s.signal_key },
    { header: 'SEVERITY', cell: (s) => s.severity }, { header: 'OBSERVED', cell: (s) => s.observed_at, time: true },
  ], mode);
}
