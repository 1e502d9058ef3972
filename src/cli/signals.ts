// `quorum signals list|get` and `quorum groups list|get`: what sensors reported and how correlation grouped it, through a
// running hub's API as the key's tenant. Read-only.

import { Option, type Command } from 'commander';
import { SEVERITIES } from '../core/types.ts';
import { action, allPages, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSince, parseSubject, positiveInt } from './args.ts';
import { emit, fields, listing, timeText, type Column, type OutputMode } from './output.ts';

interface Signal {
  id: string; source: string; subject_type: string; subject_id: string; signal_key: string; signal_value: { value: unknown };
  severity: string | null; observed_at: string; ingested_at: string; ttl_seconds: number | null;
}
interface Group {
  id: string; rule: string; playbook: string | null; subject_type: string; subject_id: string; status: string; opened_at: string;
  window_ends_at: string; closed_at: string | null; signal_count: number; source_count: number; derived_confidence: number | null;
  min_sources: number | null; confidence_threshold: number | null; decision_reason: string | null; mitigation_id: string | null; group_key: unknown;
}
interface GroupDetail extends Group {
  signals: { signal_id: string; source: string; signal_key: string; severity: string | null; confidence: number | null; observed_at: string; ended_at: string | null }[];
  guardrail_rejections: { code: string; reason: string; rejected_at: string }[];
}

const valueText = (v: unknown) => (v === undefined ? '-' : JSON.stringify(v));

const SIGNAL_COLUMNS: Column<Signal>[] = [
  { header: 'ID', cell: (s) => s.id, wide: true },
  { header: 'OBSERVED', cell: (s) => s.observed_at, time: true },
  { header: 'SOURCE', cell: (s) => s.source },
  { header: 'SUBJECT', cell: (s) => `${s.subject_type}/${s.subject_id}`, clip: 40 },
  { header: 'KEY', cell: (s) => s.signal_key },
  { header: 'VALUE', cell: (s) => valueText(s.signal_value?.value), clip: 30 },
  { header: 'SEVERITY', cell: (s) => s.severity },
  { header: 'INGESTED', cell: (s) => s.ingested_at, time: true, wide: true },
  { header: 'TTL', cell: (s) => (s.ttl_seconds === null ? 'sticky' : `${s.ttl_seconds}s`), wide: true },
];

const GROUP_COLUMNS: Column<Group>[] = [
  { header: 'ID', cell: (g) => g.id },
  { header: 'STATUS', cell: (g) => g.status },
  { header: 'RULE', cell: (g) => g.rule },
  { header: 'SUBJECT', cell: (g) => `${g.subject_type}/${g.subject_id}`, clip: 40 },
  { header: 'SOURCES', cell: (g) => g.source_count },
  { header: 'SIGNALS', cell: (g) => g.signal_count, wide: true },
  { header: 'CONFIDENCE', cell: (g) => g.derived_confidence?.toFixed(2) },
  { header: 'OPENED', cell: (g) => g.opened_at, time: true },
  { header: 'WINDOW ENDS', cell: (g) => g.window_ends_at, time: true, wide: true },
  { header: 'MITIGATION', cell: (g) => g.mitigation_id },
  { header: 'REASON', cell: (g) => g.decision_reason, wide: true },
];

export function registerSignalsCommands(program: Command): void {
  const signals = program.command('signals').description("the tenant's signals: list them, or one subject's current state");
  withHubOptions(signals.command('list').description('signals, newest first'))
    .option('--source <source>', 'only this source')
    .option('--subject <type/id>', 'only this subject, e.g. host/web-01')
    .option('--key <signal_key>', 'only this signal key')
    .addOption(new Option('--severity <level>', 'only this severity').choices([...SEVERITIES]))
    .option('--since <time>', 'observed at or after: RFC 3339, or back from now like 1h, 7d')
    .option('--limit <n>', 'signals at most (every page is followed up to it)', '100')
    .action(action(async (o: HubOptions & { source?: string; subject?: string; key?: string; severity?: string; since?: string; limit: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const subject = o.subject === undefined ? undefined : parseSubject(o.subject);
      const since = o.since === undefined ? undefined : parseSince(o.since, '--since');
      const client = await clientOf(o);
      const all = await allPages<Signal>(limit, async (cursor, want) => {
        const p = await client.json<{ signals: Signal[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/signals',
          query: { source: o.source, subject_type: subject?.type, subject_id: subject?.id, signal_key: o.key, severity: o.severity, since, cursor, limit: want },
        });
        return { items: p.signals, next: p.next_cursor };
      });
      emit(o.output, { signals: all }, () => listing(all, SIGNAL_COLUMNS, o.output));
    }));
  withHubOptions(signals.command('get <type/id>').description("one subject's current state: its latest unexpired signal per signal key"))
    .action(action(async (subjectText: string, o: HubOptions) => {
      const subject = parseSubject(subjectText, 'the subject');
      const answer = await (await clientOf(o)).json<{ subject_type: string; subject_id: string; signals: Signal[] }>({
        method: 'GET', path: `/v1/subjects/${encodeURIComponent(subject.type)}/${encodeURIComponent(subject.id)}`,
      });
      emit(o.output, answer, () => (answer.signals.length
        ? listing(answer.signals, SIGNAL_COLUMNS.filter((c) => c.header !== 'SUBJECT'), o.output)
        : `no current signals for ${subjectText}\n`));
    }));
  registerGroupsCommands(program);
}

function registerGroupsCommands(program: Command): void {
  const groups = program.command('groups').description('signal groups: how correlation gathered signals, and what it decided');
  withHubOptions(groups.command('list').description('signal groups, newest first'))
    .addOption(new Option('--status <status>', 'only this status').choices(['open', 'corroborated', 'expired']))
    .option('--rule <name>', 'only this rule')
    .option('--subject <id>', 'only this subject id')
    .option('--since <time>', 'opened at or after: RFC 3339, or back from now like 1h, 7d')
    .option('--limit <n>', 'groups at most (every page is followed up to it)', '100')
    .action(action(async (o: HubOptions & { status?: string; rule?: string; subject?: string; since?: string; limit: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const since = o.since === undefined ? undefined : parseSince(o.since, '--since');
      const client = await clientOf(o);
      const all = await allPages<Group>(limit, async (cursor, want) => {
        const p = await client.json<{ signal_groups: Group[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/signal-groups', query: { status: o.status, rule: o.rule, subject: o.subject, since, cursor, limit: want },
        });
        return { items: p.signal_groups, next: p.next_cursor };
      });
      emit(o.output, { signal_groups: all }, () => listing(all, GROUP_COLUMNS, o.output));
    }));
  withHubOptions(groups.command('get <id>').description('one group: its numbers, decision, signals and guardrail rejections'))
    .action(action(async (id: string, o: HubOptions) => {
      const g = await (await clientOf(o)).json<GroupDetail>({ method: 'GET', path: `/v1/signal-groups/${encodeURIComponent(id)}` });
      emit(o.output, g, () => groupText(g, o.output));
    }));
}

function groupText(g: GroupDetail, mode: OutputMode): string {
  const head = fields([
    ['group', g.id], ['status', g.status], ['rule', `${g.rule}${g.playbook ? ` → ${g.playbook}` : ''}`], ['subject', `${g.subject_type}/${g.subject_id}`],
    ['group key', JSON.stringify(g.group_key)], ['opened', timeText(g.opened_at, mode)], ['window ends', timeText(g.window_ends_at, mode)],
    ['sources', `${g.source_count} (min ${g.min_sources ?? '-'})`],
    ['confidence', `${g.derived_confidence?.toFixed(2) ?? '-'} (threshold ${g.confidence_threshold ?? '-'})`],
    ['decision', g.decision_reason], ['mitigation', g.mitigation_id],
  ]);
  const members = listing(g.signals, [
    { header: 'SIGNAL', cell: (s) => s.signal_id }, { header: 'SOURCE', cell: (s) => s.source }, { header: 'KEY', cell: (s) => s.signal_key },
    { header: 'SEVERITY', cell: (s) => s.severity }, { header: 'CONFIDENCE', cell: (s) => s.confidence },
    { header: 'OBSERVED', cell: (s) => s.observed_at, time: true }, { header: 'ENDED', cell: (s) => s.ended_at, time: true },
  ], mode);
  const rejections = g.guardrail_rejections.map((r) => `rejected by ${r.code} ${timeText(r.rejected_at, mode)}: ${r.reason}\n`).join('');
  return `${head}\n${members}${rejections}`;
}
