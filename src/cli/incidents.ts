// `quorum incidents list|get`: the tenant's incidents (corroborated groups that block nothing) through a running hub's
// HTTP API, as the key's tenant. Read-only; exit codes as `quorum blocks`: 0 ok, 1 error, 2 usage, 3 not found.

import { CommanderError, Option, type Command } from 'commander';
import { action, clientOf, EXIT, print, table, UsageError, withHubOptions, type Common } from './blocks.ts';

interface Incident {
  id: string; subject_type: string; subject_id: string; rule: string; status: string; opened_at: string; expires_at: string;
  closed_at: string | null; close_reason: string | null; source_count: number; sources: string[]; explanation_text: string;
}
interface IncidentDetail extends Incident {
  group_id: string; last_signal_at: string;
  signals: { signal_id: string; source: string; signal_key: string; severity: string | null; observed_at: string }[];
}

const HEADER = ['ID', 'STATUS', 'SUBJECT', 'RULE', 'SOURCES', 'OPENED', 'CLOSES/CLOSED'];
const row = (i: Incident) => [i.id, i.status, `${i.subject_type}/${i.subject_id}`, i.rule, i.sources.join(','), i.opened_at, i.closed_at ?? i.expires_at];

/** `host/web-01` → the subject filter; the id may hold slashes (only the first one splits). */
export function parseSubject(text: string): { subject_type: string; subject_id: string } {
  const at = text.indexOf('/');
  if (at < 1 || at === text.length - 1) throw new UsageError(`--subject must be <type>/<id>, e.g. host/web-01; got "${text}"`);
  return { subject_type: text.slice(0, at), subject_id: text.slice(at + 1) };
}

export function registerIncidentsCommands(program: Command): void {
  const incidents = program.command('incidents')
    .description("list and show the tenant's incidents (subject_anomaly and other incident playbooks) through a running hub's API")
    .addHelpText('after', '\nExit codes: 0 ok, 1 error (refused by the hub, or the hub is not reachable), 2 usage, 3 not found.')
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage));
  registerList(incidents);
  registerGet(incidents);
}

function registerList(incidents: Command): void {
  withHubOptions(incidents.command('list').description('incidents, newest first'))
    .addOption(new Option('--status <status>', 'only open or closed ones').choices(['open', 'closed']))
    .option('--subject <type/id>', 'only this subject, e.g. host/web-01')
    .option('--rule <name>', 'only this rule')
    .option('--since <time>', 'opened at or after this RFC 3339 time')
    .option('--limit <n>', 'incidents at most (every page is followed up to it)', '1000')
    .action(action(async (o: Common & { status?: string; subject?: string; rule?: string; since?: string; limit: string }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer; got "${o.limit}"`);
      const subject = o.subject === undefined ? {} : parseSubject(o.subject);
      const client = await clientOf(o);
      const all: Incident[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.json<{ incidents: Incident[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/incidents',
          query: { status: o.status, ...subject, rule: o.rule, since: o.since, cursor, limit: Math.min(1000, limit - all.length) },
        });
        all.push(...page.incidents);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && all.length < limit);
      print(o, { incidents: all }, () => table(HEADER, all.map(row)));
    }));
}

function registerGet(incidents: Command): void {
  withHubOptions(incidents.command('get <id>').description('one incident: why it opened, its signals, and when it closes'))
    .action(action(async (id: string, o: Common) => {
      const i = await (await clientOf(o)).json<IncidentDetail>({ method: 'GET', path: `/v1/incidents/${encodeURIComponent(id)}` });
      print(o, i, () => detail(i));
    }));
}

function detail(i: IncidentDetail): string {
  const state = i.closed_at ? `closed ${i.closed_at}: ${i.close_reason ?? ''}` : `open until ${i.expires_at} unless another report arrives`;
  return [
    `incident ${i.id} on ${i.subject_type}/${i.subject_id} (${i.rule}), ${i.status}`,
    `opened ${i.opened_at}; last report ${i.last_signal_at}; ${state}`,
    `why: ${i.explanation_text}`,
    '',
    table(['SIGNAL', 'SOURCE', 'KEY', 'SEVERITY', 'OBSERVED'], i.signals.map((s) => [s.signal_id, s.source, s.signal_key, s.severity ?? '-', s.observed_at])),
  ].join('\n');
}
