// `quorum blocks list|add|extend|remove|import|export|changes`: the tenant's blocks through a running hub's HTTP API, as the key's
// tenant. Thin: parsing in args.ts, the hub in hub-client.ts, printing in output.ts.

import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { BLOCK_ORIGINS, BLOCK_TYPES, SEVERITIES } from '../core/types.ts';
import { action, allPages, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseTtl, positiveInt, readStdin } from './args.ts';
import { emit, listing, table, until, type Column } from './output.ts';
import { registerBlockSensorsCommand } from './status.ts';
import { registerBlockChangesCommand } from './block-changes.ts';

const EXPORT_FORMATS = ['text', 'csv', 'nftables', 'ipset', 'json'];

interface Block {
  id: string; block_type: string; indicator: string; source: string; severity: string | null; status: string; reason: string;
  created_at: string; expires_at: string; extended_count: number; created_by: string | null; group_id: string | null;
}
interface ImportAnswer { created: number; extended: number; rejected: number; lines: { line: number; indicator: string; block_type: string; outcome: string; id: string | null; guardrail: string | null; reason: string | null }[] }

const BLOCK_COLUMNS: Column<Block>[] = [
  { header: 'ID', cell: (b) => b.id },
  { header: 'TYPE', cell: (b) => b.block_type },
  { header: 'INDICATOR', cell: (b) => b.indicator, clip: 48 },
  { header: 'SOURCE', cell: (b) => b.source },
  { header: 'SEVERITY', cell: (b) => b.severity },
  { header: 'CREATED', cell: (b) => b.created_at, time: true, wide: true },
  { header: 'EXPIRES', cell: (b) => b.expires_at, time: true },
  { header: 'EXTENDED', cell: (b) => b.extended_count, wide: true },
  { header: 'REASON', cell: (b) => b.reason, clip: 60 },
];

export function registerBlocksCommands(program: Command): void {
  const blocks = program.command('blocks').description("the tenant's blocks: list, add, extend, remove, import, export, the changes feed, and the sensors holding them");
  withHubOptions(blocks.command('list').description('the blocks in force, newest first'))
    .addOption(new Option('--type <type>', 'only this block type').choices([...BLOCK_TYPES]))
    .addOption(new Option('--source <source>', 'only this source').choices([...BLOCK_ORIGINS]))
    .option('--contains <text>', 'only indicators containing this text (case-insensitive)')
    .option('--limit <n>', 'blocks at most (every page is followed up to it)', '1000')
    .action(action(async (o: HubOptions & { type?: string; source?: string; contains?: string; limit: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const client = await clientOf(o);
      const all = await allPages<Block>(limit, async (cursor, want) => {
        const p = await client.json<{ blocks: Block[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/blocks', query: { block_type: o.type, source: o.source, indicator_contains: o.contains, cursor, limit: want },
        });
        return { items: p.blocks, next: p.next_cursor };
      });
      emit(o.output, { blocks: all }, () => listing(all, BLOCK_COLUMNS, o.output));
    }));
  registerAdd(blocks);
  registerChanges(blocks);
  registerImport(blocks);
  registerExport(blocks);
  registerBlockChangesCommand(blocks);
  registerBlockSensorsCommand(blocks);
}

function registerAdd(blocks: Command): void {
  withHubOptions(blocks.command('add <indicator>').description('block an indicator by hand (guardrails apply; a covering block is extended)'))
    .requiredOption('--ttl <duration>', 'how long: seconds, or 30m, 12h, 7d')
    .addOption(new Option('--type <type>', 'block type').choices([...BLOCK_TYPES]).default('IP'))
    .option('--reason <text>', 'why (stored with the block)')
    .addOption(new Option('--severity <level>', 'severity').choices([...SEVERITIES]))
    .action(action(async (indicator: string, o: HubOptions & { ttl: string; type: string; reason?: string; severity?: string }) => {
      const ttl = parseTtl(o.ttl);
      const answer = await (await clientOf(o)).json<{ outcome: string; block: Block }>({
        method: 'POST', path: '/v1/blocks', json: { block_type: o.type, indicator, ttl_seconds: ttl, reason: o.reason, severity: o.severity },
      });
      emit(o.output, answer, () => `${answer.outcome} ${answer.block.id} ${answer.block.block_type} ${answer.block.indicator} until ${until(answer.block.expires_at)}\n`);
    }));
}

function registerChanges(blocks: Command): void {
  withHubOptions(blocks.command('extend <id>').description('extend an active block to now + ttl (never shortens it)'))
    .requiredOption('--ttl <duration>', 'seconds, or 30m, 12h, 7d')
    .action(action(async (id: string, o: HubOptions & { ttl: string }) => {
      const ttl = parseTtl(o.ttl);
      const answer = await (await clientOf(o)).json<{ block: Block }>({ method: 'POST', path: `/v1/blocks/${encodeURIComponent(id)}/extend`, json: { ttl_seconds: ttl } });
      emit(o.output, answer, () => `extended ${answer.block.id} until ${until(answer.block.expires_at)}\n`);
    }));
  withHubOptions(blocks.command('remove <id>').description('withdraw an active block (every enforcement target removes it)'))
    .option('--reason <text>', 'why (stored as the end reason)')
    .action(action(async (id: string, o: HubOptions & { reason?: string }) => {
      const answer = await (await clientOf(o)).json<{ block: Block }>({ method: 'DELETE', path: `/v1/blocks/${encodeURIComponent(id)}`, query: { reason: o.reason } });
      emit(o.output, answer, () => `withdrawn ${answer.block.id} ${answer.block.indicator}\n`);
    }));
}

function registerImport(blocks: Command): void {
  withHubOptions(blocks.command('import <file>').description('import blocks from a file: one indicator a line, or CSV with a header (indicator,block_type,ttl_seconds,reason); - reads stdin'), 120_000)
    .addOption(new Option('--type <type>', 'block type of lines that name none').choices([...BLOCK_TYPES]).default('IP'))
    .option('--ttl <duration>', 'TTL of lines that name none: seconds, or 30m, 12h, 7d')
    .option('--reason <text>', 'reason of lines that name none')
    .addHelpText('after', '\nLines the guardrails refuse are listed as rejected (exit 0); a malformed file imports nothing (exit 1).')
    .action(action(async (file: string, o: HubOptions & { type: string; ttl?: string; reason?: string }) => {
      const ttl = o.ttl === undefined ? undefined : parseTtl(o.ttl);
      const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
      const answer = await (await clientOf(o)).json<ImportAnswer>({
        method: 'POST', path: '/v1/blocks/import', query: { block_type: o.type, ttl_seconds: ttl, reason: o.reason },
        text: { body: text, contentType: file.endsWith('.csv') ? 'text/csv' : 'text/plain' },
      });
      emit(o.output, answer, () => table(['LINE', 'OUTCOME', 'TYPE', 'INDICATOR', 'ID', 'WHY'], answer.lines.map((l) => [
        String(l.line), l.outcome, l.block_type, l.indicator.length > 60 ? `${l.indicator.slice(0, 59)}…` : l.indicator, l.id ?? '-', l.guardrail ? `${l.guardrail}: ${l.reason}` : '',
      ])) + `${answer.created} created, ${answer.extended} extended, ${answer.rejected} rejected\n`);
    }));
}

function registerExport(blocks: Command): void {
  withHubOptions(blocks.command('export').description('write the blocks in force as a file for a firewall (streamed; -o does not apply)'), 30_000)
    .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default('text'))
    .option('--out <file>', 'write to this file instead of standard output')
    .action(action(async (o: HubOptions & { format: string; out?: string }) => {
      const client = await clientOf(o);
      await client.download({ method: 'GET', path: '/v1/blocks/export', query: { format: o.format } }, o.out ? createWriteStream(o.out) : process.stdout);
    }));
}
