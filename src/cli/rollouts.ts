// `quorum rules|configs upload|list|show` and `quorum rollouts create|list|get|promote|abort`: versioned rule bundles
// and sensor configs, and their rollouts, over the /v1/rule-bundles, /v1/sensor-configs and /v1/rollouts API.

import type { Command } from 'commander';
import { action, clientOf, UsageError, withHubOptions, type HubOptions } from './hub-client.ts';
import { positiveInt, readDocument } from './args.ts';
import { emit, fields, listing, type OutputMode } from './output.ts';

interface DocumentSummary { version: string; hash: string; size: number; created_at: string; created_by: string }
interface Rollout {
  id: string; kind: string; version: string; strategy: string; state: string; phase: string; reason: string | null; at: string | null;
  created_at: string; started_at: string | null; promoted_at: string | null; finished_at: string | null;
  counts: Record<string, number>; sensors?: { sensor_id: string; canary: boolean; status: string; message: string | null; health: string }[];
}

const KINDS = {
  rules: { command: 'rules', path: '/v1/rule-bundles', what: 'rule bundles ({"rules": [...]} of objects each with a unique id)' },
  configs: { command: 'configs', path: '/v1/sensor-configs', what: 'sensor configs (any JSON object)' },
} as const;

function registerDocumentCommands(program: Command, kind: keyof typeof KINDS): void {
  const k = KINDS[kind];
  const cmd = program.command(k.command).description(`versioned ${k.what}`);
  withHubOptions(cmd.command('upload').argument('<version>', 'the version to store it as (immutable)').argument('<file>', 'a JSON or YAML file; - reads stdin')
    .description(`store a new version (POST ${k.path}; admin)`))
    .action(action(async (version: string, file: string, o: HubOptions) => {
      const document = await readDocument(file);
      const a = await (await clientOf(o)).json<DocumentSummary>({ method: 'POST', path: k.path, json: { version, document } });
      emit(o.output, a, () => fields([['version', a.version], ['hash', a.hash], ['size', `${a.size} bytes`], ['created', a.created_at]]));
    }));
  withHubOptions(cmd.command('list').description(`the tenant's versions, newest first (GET ${k.path})`))
    .option('--limit <n>', 'at most this many', '100')
    .action(action(async (o: HubOptions & { limit: string }) => {
      const a = await (await clientOf(o)).json<{ versions: DocumentSummary[] }>({ method: 'GET', path: k.path, query: { limit: positiveInt(o.limit, '--limit', 1000) } });
      emit(o.output, a, () => documentsText(a.versions, o.output));
    }));
  withHubOptions(cmd.command('show').argument('<version>').description(`one version with its document (GET ${k.path}/{version})`))
    .action(action(async (version: string, o: HubOptions) => {
      const a = await (await clientOf(o)).json<DocumentSummary & { document: unknown }>({ method: 'GET', path: `${k.path}/${encodeURIComponent(version)}` });
      emit(o.output, a, () => `${fields([['version', a.version], ['hash', a.hash], ['size', `${a.size} bytes`]])}${JSON.stringify(a.document, null, 2)}\n`);
    }));
}

function documentsText(rows: DocumentSummary[], mode: OutputMode): string {
  return listing(rows, [
    { header: 'VERSION', cell: (r) => r.version }, { header: 'HASH', cell: (r) => (mode === 'wide' ? r.hash : r.hash.slice(0, 12)) },
    { header: 'SIZE', cell: (r) => r.size }, { header: 'CREATED', cell: (r) => r.created_at, time: true }, { header: 'BY', cell: (r) => r.created_by, wide: true },
  ], mode);
}

interface CreateOptions extends HubOptions {
  kind: string; strategy: string; sensor?: string[]; tag?: string[]; canaryPercent?: string; canarySensor?: string[]; soak: string; at?: string;
}

/** The request body of `rollouts create` from its flags. */
function rolloutBody(version: string, o: CreateOptions): Record<string, unknown> {
  if (!['rules', 'config'].includes(o.kind)) throw new UsageError('--kind is rules or config');
  if (!/^\d{1,6}$/.test(o.soak)) throw new UsageError(`--soak must be whole seconds; got "${o.soak}"`);
  const targets = { ...(o.sensor?.length ? { sensorIds: o.sensor } : {}), ...(o.tag?.length ? { tags: o.tag } : {}) };
  const hasCanary = o.canaryPercent !== undefined || (o.canarySensor?.length ?? 0) > 0;
  const canary = hasCanary ? {
    ...(o.canaryPercent !== undefined ? { percent: positiveInt(o.canaryPercent, '--canary-percent', 100) } : { sensorIds: o.canarySensor }),
    soakSeconds: Number.parseInt(o.soak, 10),
  } : undefined;
  const strategy = o.at ? 'scheduled' : o.strategy ?? (hasCanary ? 'canary' : 'immediate');
  return { kind: o.kind, version, strategy, targets, ...(canary ? { canary } : {}), ...(o.at ? { at: o.at } : {}) };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

function registerRolloutVerbs(program: Command): void {
  const cmd = program.command('rollouts').description('rule and config rollouts to the fleet');
  withHubOptions(cmd.command('create').argument('<version>', 'the rule bundle or config version to roll out')
    .description('roll a version out (POST /v1/rollouts; admin): immediate, canary first (--canary-percent/--canary-sensor) or scheduled (--at)'))
    .option('--kind <kind>', 'rules or config', 'rules')
    .option('--strategy <strategy>', 'immediate, canary or scheduled (default: from the other flags)')
    .option('--sensor <id>', 'target this sensor (repeatable; default: every approved sensor)', collect)
    .option('--tag <tag>', 'target sensors with this tag (repeatable: all of them)', collect)
    .option('--canary-percent <n>', 'canary wave: this percentage of the targets (rounded up, at least 1)')
    .option('--canary-sensor <id>', 'canary wave: this sensor (repeatable)', collect)
    .option('--soak <seconds>', 'soak before promoting the canary wave', '300')
    .option('--at <time>', 'start at this RFC 3339 time (a scheduled rollout)')
    .action(action(async (version: string, o: CreateOptions) => {
      const a = await (await clientOf(o)).json<Rollout>({ method: 'POST', path: '/v1/rollouts', json: rolloutBody(version, o) });
      emit(o.output, a, () => rolloutText(a, o.output));
    }));
  withHubOptions(cmd.command('list').description("the tenant's rollouts, newest first (GET /v1/rollouts)"))
    .option('--limit <n>', 'at most this many', '50')
    .action(action(async (o: HubOptions & { limit: string }) => {
      const a = await (await clientOf(o)).json<{ rollouts: Rollout[] }>({ method: 'GET', path: '/v1/rollouts', query: { limit: positiveInt(o.limit, '--limit', 500) } });
      emit(o.output, a, () => listing(a.rollouts, [
        { header: 'ID', cell: (r) => r.id }, { header: 'KIND', cell: (r) => r.kind }, { header: 'VERSION', cell: (r) => r.version },
        { header: 'STRATEGY', cell: (r) => r.strategy }, { header: 'STATE', cell: (r) => r.state }, { header: 'PHASE', cell: (r) => r.phase },
        { header: 'APPLIED', cell: (r) => `${r.counts.applied}/${r.counts.targets}` }, { header: 'FAILED', cell: (r) => r.counts.failed },
        { header: 'CREATED', cell: (r) => r.created_at, time: true }, { header: 'REASON', cell: (r) => r.reason, wide: true },
      ], o.output));
    }));
  withHubOptions(cmd.command('get').argument('<id>').description('one rollout with every target\'s progress (GET /v1/rollouts/{id})'))
    .action(action(async (id: string, o: HubOptions) => {
      const a = await (await clientOf(o)).json<Rollout>({ method: 'GET', path: `/v1/rollouts/${encodeURIComponent(id)}` });
      emit(o.output, a, () => rolloutText(a, o.output));
    }));
  for (const verb of ['promote', 'abort'] as const) {
    withHubOptions(cmd.command(verb).argument('<id>').description(verb === 'promote' ? 'promote a canary phase now (admin)' : 'abort an active rollout (admin)'))
      .action(action(async (id: string, o: HubOptions) => {
        const a = await (await clientOf(o)).json<Rollout>({ method: 'POST', path: `/v1/rollouts/${encodeURIComponent(id)}/${verb}` });
        emit(o.output, a, () => rolloutText(a, o.output));
      }));
  }
}

function rolloutText(r: Rollout, mode: OutputMode): string {
  const c = r.counts;
  const head = fields([
    ['rollout', r.id], ['what', `${r.kind} ${r.version}`], ['strategy', `${r.strategy}${r.at ? ` at ${r.at}` : ''}`], ['state', `${r.state} (${r.phase})`],
    ['sensors', `${c.targets} targets, ${c.canaries} canaries: ${c.applied} applied, ${(c.pending ?? 0) + (c.sent ?? 0)} in flight, ${c.waiting} waiting, ${c.failed} failed, ${c.rolled_back} rolled back`],
    ...(r.reason ? [['reason', r.reason] as [string, string]] : []),
  ]);
  if (!r.sensors) return head;
  return head + listing(r.sensors, [
    { header: 'SENSOR', cell: (s) => s.sensor_id }, { header: 'CANARY', cell: (s) => (s.canary ? 'yes' : '') }, { header: 'STATUS', cell: (s) => s.status },
    { header: 'HEALTH', cell: (s) => s.health }, { header: 'MESSAGE', cell: (s) => s.message },
  ], mode);
}

export function registerRolloutCommands(program: Command): void {
  registerDocumentCommands(program, 'rules');
  registerDocumentCommands(program, 'configs');
  registerRolloutVerbs(program);
}
