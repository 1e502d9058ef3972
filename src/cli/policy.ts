// `quorum policy get|set|check|versions|rollback|replay`: the tenant's correlation policy (its overrides of the hub
// defaults) through a running hub's API. `check` and `replay` never change anything; `set` and `rollback` need an admin key.

import type { Command } from 'commander';
import type YAML from 'yaml';
import { action, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSince, positiveInt, readDocument } from './args.ts';
import { emit, fields, listing, timeText, type OutputMode } from './output.ts';

const PATH = '/v1/config/correlation';

interface Policy {
  version: number; defaults_version: number; updated_at: string | null; updated_by: string | null; config: Record<string, unknown>;
  origins: Record<string, string>; overrides: Record<string, unknown>; problems: { path: string; message: string }[];
}
interface Version { version: number; action: string; rolled_back_to: number | null; key_id: string | null; created_at: string; changed: string[] }
interface Decision { key: string; rule: string; indicator: string; outcome: string; rejection?: string; decided_at: string; sources: string[] }
interface Replay {
  signals: number; truncated: boolean; totals: Record<'current' | 'candidate' | 'added' | 'removed' | 'changed' | 'unchanged', number>;
  added: Decision[]; removed: Decision[]; changed: { key: string; current: Decision; candidate: Decision; differences: string[] }[];
}

const yamlText = (yaml: typeof YAML, doc: unknown) => (doc && typeof doc === 'object' && Object.keys(doc).length ? yaml.stringify(doc) : '{}\n');

function policyText(yaml: typeof YAML, p: Policy, mode: OutputMode, effective: boolean): string {
  const head = fields([
    ['version', p.version === 0 ? '0 (hub defaults only)' : p.version], ['hub defaults', `version ${p.defaults_version}`],
    ['updated', p.updated_at ? `${timeText(p.updated_at, mode)} by key ${p.updated_by ?? '-'}` : null],
  ]);
  const problems = p.problems.map((x) => `not applied: ${x.path} ${x.message}\n`).join('');
  return `${head}\n${effective ? 'effective policy' : 'tenant overrides'}:\n${yamlText(yaml, effective ? p.config : p.overrides)}${problems}`;
}

const versionSuffix = (p: Policy) => `policy version ${p.version}${p.problems.length ? `; ${p.problems.length} override(s) not applied: ${p.problems.map((x) => x.path).join(', ')}` : ''}\n`;

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description("the tenant's correlation policy: its overrides of the hub defaults, versions, replay (docs/correlation.md)");
  withHubOptions(policy.command('get').description("the tenant's overrides (or with --effective the whole policy in force) and its version"))
    .option('--effective', 'the effective policy (hub defaults with the overrides applied) instead of the overrides')
    .action(action(async (o: HubOptions & { effective?: boolean }) => {
      const p = await (await clientOf(o)).json<Policy>({ method: 'GET', path: PATH });
      const yaml = (await import('yaml')).default;
      emit(o.output, p, () => policyText(yaml, p, o.output, o.effective === true));
    }));
  withHubOptions(policy.command('set <file>').description("replace the tenant's overrides with a YAML or JSON file ({} removes them; - reads stdin); a new version"))
    .action(action(async (file: string, o: HubOptions) => {
      const body = await readDocument(file);
      const p = await (await clientOf(o)).json<Policy>({ method: 'PUT', path: PATH, json: body });
      emit(o.output, p, () => `set ${versionSuffix(p)}`);
    }));
  withHubOptions(policy.command('check <file>').description('check an overrides file against the hub defaults without changing anything (exit 1 lists every error)'))
    .action(action(async (file: string, o: HubOptions) => {
      const body = await readDocument(file);
      // A replay over the last second validates the candidate exactly as `set` would, and acts on nothing.
      const until = new Date();
      const r = await (await clientOf(o)).json<Replay>({
        method: 'POST', path: `${PATH}/replay`, json: { config: body, since: new Date(until.getTime() - 1000).toISOString(), until: until.toISOString(), limit: 1 },
      });
      emit(o.output, { valid: true, file, signals: r.signals }, () => `${file}: valid; the hub would accept it as the tenant's overrides\n`);
    }));
  registerHistory(policy);
  registerReplay(policy);
}

function registerHistory(policy: Command): void {
  withHubOptions(policy.command('versions').description("the tenant's policy versions, newest first: who, when, what changed"))
    .option('--limit <n>', 'versions at most (1–500)', '50')
    .action(action(async (o: HubOptions & { limit: string }) => {
      const limit = positiveInt(o.limit, '--limit', 500);
      const a = await (await clientOf(o)).json<{ versions: Version[]; next_before: number | null }>({ method: 'GET', path: `${PATH}/versions`, query: { limit } });
      emit(o.output, a, () => listing(a.versions, [
        { header: 'VERSION', cell: (v) => v.version },
        { header: 'ACTION', cell: (v) => (v.action === 'rollback' ? `rollback to ${v.rolled_back_to}` : v.action) },
        { header: 'BY KEY', cell: (v) => v.key_id },
        { header: 'WHEN', cell: (v) => v.created_at, time: true },
        { header: 'CHANGED', cell: (v) => v.changed.join(', '), clip: 60 },
      ], o.output));
    }));
  withHubOptions(policy.command('rollback <version>').description('make an earlier version (0 = no overrides) current again, as a new version'))
    .action(action(async (version: string, o: HubOptions) => {
      const n = version === '0' ? 0 : positiveInt(version, 'the version');
      const p = await (await clientOf(o)).json<Policy>({ method: 'POST', path: `${PATH}/rollback`, json: { version: n } });
      emit(o.output, p, () => `rolled back to ${n}: ${versionSuffix(p)}`);
    }));
}

function registerReplay(policy: Command): void {
  withHubOptions(policy.command('replay <file>').description("what an overrides file would have decided over the tenant's stored signals, against the live policy (acts on nothing)"), 120_000)
    .option('--since <time>', 'start: RFC 3339, or back from now like 1h, 7d', '24h')
    .option('--until <time>', 'end: RFC 3339 (default now)')
    .option('--limit <n>', 'decisions listed per list at most (1–10000)', '1000')
    .action(action(async (file: string, o: HubOptions & { since: string; until?: string; limit: string }) => {
      const body = await readDocument(file);
      const json = { config: body, since: parseSince(o.since, '--since'), until: o.until === undefined ? new Date().toISOString() : parseSince(o.until, '--until'), limit: positiveInt(o.limit, '--limit', 10_000) };
      const r = await (await clientOf(o)).json<Replay>({ method: 'POST', path: `${PATH}/replay`, json });
      emit(o.output, r, () => replayText(r, o.output));
    }));
}

function replayText(r: Replay, mode: OutputMode): string {
  const t = r.totals;
  const rows = [
    ...r.added.map((d) => ({ change: 'added', d, why: d.rejection ?? '' })),
    ...r.removed.map((d) => ({ change: 'removed', d, why: d.rejection ?? '' })),
    ...r.changed.map((c) => ({ change: 'changed', d: c.candidate, why: c.differences.join(', ') })),
  ];
  const summary = `${r.signals} signal(s) replayed: live ${t.current} decision(s), candidate ${t.candidate}; ${t.added} added, ${t.removed} removed, ${t.changed} changed, ${t.unchanged} unchanged${r.truncated ? ' (lists cut to --limit)' : ''}\n`;
  if (rows.length === 0) return summary;
  return `${summary}\n${listing(rows, [
    { header: 'CHANGE', cell: (x) => x.change }, { header: 'RULE', cell: (x) => x.d.rule }, { header: 'INDICATOR', cell: (x) => x.d.indicator },
    { header: 'OUTCOME', cell: (x) => x.d.outcome }, { header: 'DECIDED', cell: (x) => x.d.decided_at, time: true },
    { header: 'SOURCES', cell: (x) => x.d.sources?.join(',') }, { header: 'WHY', cell: (x) => x.why, clip: 50 },
  ], mode)}`;
}
