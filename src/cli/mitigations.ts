// `quorum mitigations list|get|add|extend|withdraw|report` and `quorum safelist list|add|remove`: the tenant's decisions
// and the addresses never to block, through a running hub's API as the key's tenant. Guardrails apply on the hub.

import { writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { action, allPages, clientOf, UsageError, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSince, parseTtl, positiveInt } from './args.ts';
import { emit, fields, listing, timeText, until, type Column, type OutputMode } from './output.ts';

interface Mitigation {
  id: string; status: string; action: string; block_type: string; indicator: string; origin: string; created_at: string; expires_at: string;
  ended_at: string | null; end_reason: string | null; ttl_seconds: number; extended_count: number; rejection_code: string | null; rejection_reason: string | null;
  correlation: { group_id: string; rule: string; playbook: string; derived_confidence: number; source_count: number; sources: string[]; explanation: string } | null;
}
interface MitigationDetail extends Mitigation { group_id: string | null; created_by: string | null; explanation: { text: string; kind: string } }
interface SafelistEntry { id: string; cidr: string; reason: string | null; created_at: string; expiresAt?: string | null }

const MITIGATION_COLUMNS: Column<Mitigation>[] = [
  { header: 'ID', cell: (m) => m.id },
  { header: 'STATUS', cell: (m) => m.status },
  { header: 'TYPE', cell: (m) => m.block_type, wide: true },
  { header: 'INDICATOR', cell: (m) => m.indicator, clip: 48 },
  { header: 'ORIGIN', cell: (m) => m.origin },
  { header: 'RULE', cell: (m) => m.correlation?.rule },
  { header: 'SOURCES', cell: (m) => m.correlation?.sources.join(','), wide: true },
  { header: 'CREATED', cell: (m) => m.created_at, time: true },
  { header: 'EXPIRES', cell: (m) => m.expires_at, time: true },
  { header: 'ENDED', cell: (m) => m.ended_at, time: true, wide: true },
  { header: 'WHY ENDED', cell: (m) => m.end_reason ?? m.rejection_reason, wide: true },
];

export function registerMitigationsCommands(program: Command): void {
  const mitigations = program.command('mitigations').description("the tenant's decisions (blocks by correlation, by hand, automatic): list, inspect, add, extend, withdraw, report");
  withHubOptions(mitigations.command('list').description('mitigations, newest first'))
    .addOption(new Option('--status <status>', 'only this status').choices(['active', 'withdrawn', 'expired', 'rejected']))
    .option('--indicator <ip/cidr>', 'only this address or prefix')
    .option('--since <time>', 'created at or after: RFC 3339, or back from now like 1h, 7d')
    .option('--limit <n>', 'mitigations at most (every page is followed up to it)', '100')
    .action(action(async (o: HubOptions & { status?: string; indicator?: string; since?: string; limit: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const since = o.since === undefined ? undefined : parseSince(o.since, '--since');
      const client = await clientOf(o);
      const all = await allPages<Mitigation>(limit, async (cursor, want) => {
        const p = await client.json<{ mitigations: Mitigation[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/mitigations', query: { status: o.status, indicator: o.indicator, since, cursor, limit: want },
        });
        return { items: p.mitigations, next: p.next_cursor };
      });
      emit(o.output, { mitigations: all }, () => listing(all, MITIGATION_COLUMNS, o.output));
    }));
  withHubOptions(mitigations.command('get <id>').description('one mitigation with its explanation as stored at decision time'))
    .action(action(async (id: string, o: HubOptions) => {
      const m = await (await clientOf(o)).json<MitigationDetail>({ method: 'GET', path: `/v1/mitigations/${encodeURIComponent(id)}` });
      emit(o.output, m, () => mitigationText(m, o.output));
    }));
  registerMitigationWrites(mitigations);
  withHubOptions(mitigations.command('report <id>').description('the Markdown incident report of a mitigation (-o does not apply)'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(action(async (id: string, o: HubOptions & { out?: string }) => {
      const markdown = await (await clientOf(o)).text({ method: 'GET', path: '/v1/reports/incident', query: { mitigation_id: id } });
      if (o.out) await writeFile(o.out, markdown);
      else process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
    }));
  registerSafelistCommands(program);
}

function registerMitigationWrites(mitigations: Command): void {
  withHubOptions(mitigations.command('add <ip/cidr>').description('block an address or prefix by hand (guardrails apply; an active block covering it is extended)'))
    .requiredOption('--ttl <duration>', 'how long: seconds, or 30m, 12h, 7d')
    .option('--reason <text>', 'why (stored with the mitigation)')
    .action(action(async (indicator: string, o: HubOptions & { ttl: string; reason?: string }) => {
      const ttl = parseTtl(o.ttl);
      const a = await (await clientOf(o)).json<{ outcome: string; mitigation: Mitigation }>({ method: 'POST', path: '/v1/mitigations', json: { indicator, ttl_seconds: ttl, reason: o.reason } });
      emit(o.output, a, () => `${a.outcome} ${a.mitigation.id} ${a.mitigation.indicator} until ${until(a.mitigation.expires_at)}\n`);
    }));
  withHubOptions(mitigations.command('extend <id>').description('extend an active mitigation to now + ttl (never shortens it)'))
    .requiredOption('--ttl <duration>', 'seconds, or 30m, 12h, 7d')
    .action(action(async (id: string, o: HubOptions & { ttl: string }) => {
      const ttl = parseTtl(o.ttl);
      const a = await (await clientOf(o)).json<{ block: { id: string; expires_at: string } }>({ method: 'POST', path: `/v1/blocks/${encodeURIComponent(id)}/extend`, json: { ttl_seconds: ttl } });
      emit(o.output, a, () => `extended ${a.block.id} until ${until(a.block.expires_at)}\n`);
    }));
  withHubOptions(mitigations.command('withdraw <id>').description('withdraw an active mitigation (every enforcement target removes it)'))
    .option('--reason <text>', 'why (stored as the end reason)')
    .action(action(async (id: string, o: HubOptions & { reason?: string }) => {
      const a = await (await clientOf(o)).json<{ mitigation: Mitigation }>({ method: 'POST', path: `/v1/mitigations/${encodeURIComponent(id)}/withdraw`, json: o.reason ? { reason: o.reason } : {} });
      emit(o.output, a, () => `withdrawn ${a.mitigation.id} ${a.mitigation.indicator}\n`);
    }));
}

function mitigationText(m: MitigationDetail, mode: OutputMode): string {
  return fields([
    ['mitigation', m.id], ['status', m.status], ['indicator', `${m.block_type} ${m.indicator}`], ['origin', m.origin],
    ['created', timeText(m.created_at, mode)], ['expires', timeText(m.expires_at, mode)], ['extended', `${m.extended_count} time(s)`],
    ['ended', m.ended_at ? `${timeText(m.ended_at, mode)}: ${m.end_reason ?? ''}` : null],
    ['rejected', m.rejection_code ? `${m.rejection_code}: ${m.rejection_reason ?? ''}` : null],
    ['group', m.group_id], ['created by', m.created_by],
  ]) + `\n${m.explanation.text}\n`;
}

/** `--expires`: an RFC 3339 time, or a duration from now (7d). */
function expiresAt(text: string, now = new Date()): string {
  if (/^\d+\s*[smhd]?$/.test(text.trim())) return new Date(now.getTime() + parseTtl(text, '--expires') * 1000).toISOString();
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`--expires must be an RFC 3339 time or a duration from now like 12h, 30d; got "${text}"`);
  return new Date(text).toISOString();
}

function registerSafelistCommands(program: Command): void {
  const safelist = program.command('safelist').description('addresses and prefixes never to block (adding one withdraws the blocks it overlaps)');
  withHubOptions(safelist.command('list').description("the tenant's safelist (the correlation config's guardrails.safelist applies as well)"))
    .action(action(async (o: HubOptions) => {
      const a = await (await clientOf(o)).json<{ entries: SafelistEntry[] }>({ method: 'GET', path: '/v1/safelist' });
      // The expiry column shows when the hub reports expiries (entries carry expiresAt).
      const expiring = a.entries.some((e) => 'expiresAt' in e);
      emit(o.output, a, () => listing(a.entries, [
        { header: 'ID', cell: (e) => e.id }, { header: 'CIDR', cell: (e) => e.cidr }, { header: 'REASON', cell: (e) => e.reason, clip: 60 },
        { header: 'CREATED', cell: (e) => e.created_at, time: true },
        ...(expiring ? [{ header: 'EXPIRES', cell: (e: SafelistEntry) => e.expiresAt ?? 'never' }] : []),
      ], o.output));
    }));
  withHubOptions(safelist.command('add <ip/cidr>').description('safelist an address or prefix; active blocks overlapping it are withdrawn'))
    .option('--reason <text>', 'why (e.g. our office)')
    .option('--expires <time>', 'when the entry ends: RFC 3339, or a duration from now like 12h, 30d (default: never)')
    .action(action(async (cidr: string, o: HubOptions & { reason?: string; expires?: string }) => {
      const body = { cidr, reason: o.reason, ...(o.expires === undefined ? {} : { expiresAt: expiresAt(o.expires) }) };
      const a = await (await clientOf(o)).json<{ id: string; cidr: string; withdrawn: string[] }>({ method: 'POST', path: '/v1/safelist', json: body });
      emit(o.output, a, () => `safelisted ${a.cidr} as ${a.id}; withdrew ${a.withdrawn.length} active block(s)${a.withdrawn.length ? `: ${a.withdrawn.join(', ')}` : ''}\n`);
    }));
  withHubOptions(safelist.command('remove <id>').description('remove a safelist entry'))
    .action(action(async (id: string, o: HubOptions) => {
      await (await clientOf(o)).json({ method: 'DELETE', path: `/v1/safelist/${encodeURIComponent(id)}` });
      emit(o.output, { removed: id }, () => `removed safelist entry ${id}\n`);
    }));
}
