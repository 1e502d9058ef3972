// `quorum blocks changes`: the tenant's block changes feed after a version (GET /v1/blocks/changes), oldest first, and
// with --follow each new change as it is committed, until interrupted. Reads only; JSON mode prints the API's objects.

import type { Command } from 'commander';
import { QuorumError } from '../core/errors.ts';
import { action, allPages, clientOf, HubError, withHubOptions, type HubClient, type HubOptions } from './hub-client.ts';
import { nonNegativeInt, parseTtl, positiveInt } from './args.ts';
import { emit, listing, type Column, type OutputMode } from './output.ts';

export interface BlockChange {
  version: number; change: string; mitigation_id: string; block_type: string; indicator: string; source: string;
  severity: string | null; status: string; expires_at: string; reason: string | null; changed_at: string;
}
interface ChangesPage { version: number; changes: BlockChange[]; next_since: number | null }

const CHANGE_COLUMNS: Column<BlockChange>[] = [
  { header: 'VERSION', cell: (c) => c.version },
  { header: 'CHANGE', cell: (c) => c.change },
  { header: 'TYPE', cell: (c) => c.block_type },
  { header: 'INDICATOR', cell: (c) => c.indicator, clip: 48 },
  { header: 'STATUS', cell: (c) => c.status },
  { header: 'SOURCE', cell: (c) => c.source, wide: true },
  { header: 'MITIGATION', cell: (c) => c.mitigation_id, wide: true },
  { header: 'EXPIRES', cell: (c) => c.expires_at, time: true },
  { header: 'CHANGED', cell: (c) => c.changed_at, time: true },
  { header: 'REASON', cell: (c) => c.reason, clip: 60 },
];

/** The API's page size at most. */
const PAGE = 1000;
/** Longest wait between two tries while the hub cannot be reached with --follow. */
const MAX_RETRY_MS = 30_000;

export function registerBlockChangesCommand(blocks: Command): void {
  withHubOptions(blocks.command('changes').description('the block changes feed after a version, oldest first; --follow keeps printing new changes'))
    .option('--since <version>', 'the last version already seen (0: from the first change)', '0')
    .option('--limit <n>', 'changes at most (pages are followed up to it); not with --follow', '1000')
    .option('--follow', 'after what is there, print each new change as it is committed (one JSON object a line with -o json); Ctrl-C ends it (exit 130)')
    .option('--interval <duration>', 'with --follow, how long to wait between looks when nothing is new: seconds, or 30s, 5m', '2')
    .addHelpText('after', '\nThe version is the tenant\'s: 1, 2, 3, … with no gaps, in commit order (docs/blocks.md). With --follow an unreachable hub\n' +
      'is reported on stderr and asked again (backing off up to 30 s); a refusal (a key without signal:read) ends it with exit 1.')
    .action(action(async (o: HubOptions & { since: string; limit: string; follow?: boolean; interval: string }) => {
      const since = nonNegativeInt(o.since, '--since');
      const client = await clientOf(o);
      if (o.follow) return follow(client, since, parseTtl(o.interval, '--interval') * 1000, o.output);
      const { version, changes } = await readChanges(client, since, positiveInt(o.limit, '--limit'));
      warnIfAhead(since, version);
      emit(o.output, { version, changes }, () => `${listing(changes, CHANGE_COLUMNS, o.output)}block-feed version ${version}\n`);
    }));
}

const readPage = (client: HubClient, since: number, limit: number) =>
  client.json<ChangesPage>({ method: 'GET', path: '/v1/blocks/changes', query: { since, limit } });

/** The changes after `since`, page after page, up to `limit`; and the tenant's version as the last page saw it. */
async function readChanges(client: HubClient, since: number, limit: number): Promise<{ version: number; changes: BlockChange[] }> {
  let version = 0;
  const changes = await allPages<BlockChange>(limit, async (cursor, want) => {
    const page = await readPage(client, cursor === undefined ? since : Number(cursor), want);
    version = page.version;
    return { items: page.changes, next: page.next_since === null ? null : String(page.next_since) };
  });
  return { version, changes };
}

/** A --since past the tenant's version names changes that do not exist (a typo, or another database). */
function warnIfAhead(since: number, version: number): void {
  if (since > version) process.stderr.write(`quorum: --since ${since} is past the tenant's block-feed version ${version}: nothing after it yet\n`);
}

/** Prints what is after `since`, then each new change as it comes, until SIGINT or SIGTERM (exitOnSignals). */
async function follow(client: HubClient, since: number, intervalMs: number, mode: OutputMode): Promise<never> {
  exitOnSignals();
  let at = since;
  let warned = false;
  let failures = 0;
  for (;;) {
    let page: ChangesPage;
    try {
      page = await readPage(client, at, PAGE);
      failures = 0;
    } catch (err) {
      if (!retryable(err)) throw err;
      const waitMs = Math.min(MAX_RETRY_MS, intervalMs * 2 ** failures++);
      process.stderr.write(`quorum: ${(err as Error).message}; asking again in ${Math.round(waitMs / 1000)} s\n`);
      await pause(waitMs);
      continue;
    }
    if (!warned) warnIfAhead(since, page.version);
    warned = true;
    for (const c of page.changes) process.stdout.write(mode === 'json' ? `${JSON.stringify(c)}\n` : followLine(c));
    at = page.changes.at(-1)?.version ?? at;
    if (page.next_since === null) await pause(intervalMs);
  }
}

/** One change as a log line: when, its version, what changed, the block after it, and why. */
function followLine(c: BlockChange): string {
  return `${c.changed_at}  v${c.version}  ${c.change} ${c.block_type} ${c.indicator} (${c.status} until ${c.expires_at}, ${c.source})${c.reason ? `: ${c.reason}` : ''}\n`;
}

/** The hub being away or failing is worth asking again; a refusal (bad key, missing scope, bad input) is not. */
function retryable(err: unknown): boolean {
  if (err instanceof HubError) return err.status >= 500 || err.status === 429;
  return err instanceof QuorumError && err.code === 'hub_unreachable';
}

/** Ctrl-C (SIGINT) or SIGTERM ends a follower as Unix tools end: with 130 or 143, once what was printed is written. */
function exitOnSignals(): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.once(signal, () => process.stdout.write('', () => process.exit(code)));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
