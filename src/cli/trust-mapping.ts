// `quorum trust-score mapping get|set|map`: the tenant's Trust Score mapping (source → category, weights, points) through
// a running hub's API, as the key's tenant. Never prints the key.

import type { Command } from 'commander';
import { action, clientOf, type HubOptions } from './hub-client.ts';
import { readDocument } from './args.ts';
import { emit, table } from './output.ts';

interface Mapping {
  version: number; defaults_version: number; tenant_age_days: number; bootstrap: string;
  categories: Record<string, number>; sources: Record<string, string>; severity_points: Record<string, number>;
  value_thresholds: Record<string, number>; finding_severity: string; incident_points: number; block_points: number;
  effective_weights: Record<string, number>; origins: Record<string, string>; overrides: Record<string, unknown>;
  problems: { path: string; message: string }[];
}

const PATH = '/v1/trust-score/mapping';

/** The mapping as a reader scans it: categories with both weights, then sources, points and thresholds, each with its origin. */
export function mappingText(m: Mapping): string {
  const origin = (path: string) => m.origins[path] ?? 'hub';
  const share = (name: string) => (name in m.effective_weights ? m.effective_weights[name]!.toFixed(4) : '-');
  const parts = [
    `version ${m.version} (hub defaults ${m.defaults_version}); tenant ${m.tenant_age_days} days old, bootstrap: ${m.bootstrap}\n`,
    table(['CATEGORY', 'WEIGHT', 'EFFECTIVE', 'ORIGIN'], Object.entries(m.categories).map(([c, w]) => [c, String(w), share(c), origin(`categories.${c}`)])),
    table(['SOURCE', 'CATEGORY', 'ORIGIN'], Object.entries(m.sources).sort().map(([s, c]) => [s, c, origin(`sources.${s}`)])),
    table(['SEVERITY', 'POINTS', 'ORIGIN'], Object.entries(m.severity_points).map(([s, p]) => [s, String(p), origin(`severity_points.${s}`)])),
    Object.keys(m.value_thresholds).length
      ? table(['SIGNAL_KEY', 'THRESHOLD', 'ORIGIN'], Object.entries(m.value_thresholds).sort().map(([k, t]) => [k, String(t), origin(`value_thresholds.${k}`)]))
      : 'no value thresholds\n',
    `finding_severity ${m.finding_severity} (${origin('finding_severity')}), incident_points ${m.incident_points} (${origin('incident_points')}), block_points ${m.block_points} (${origin('block_points')})\n`,
    ...m.problems.map((p) => `not applied: ${p.path} ${p.message}\n`),
  ];
  return parts.join('\n');
}

export function registerTrustMappingCommands(trustScore: Command): void {
  const mapping = trustScore.command('mapping')
    .description("read and change the tenant's Trust Score mapping: source → category, weights, points (docs/trust-score.md)");

  // The hub options (--url, --key-file, -o, …) are the `trust-score` command's: each subcommand reads them with its own.
  mapping.command('get').description('the effective mapping, the weights in force for the tenant\'s age, and where each value comes from')
    .action(action(async (_: unknown, sub: Command) => {
      const o = sub.optsWithGlobals<HubOptions>();
      const m = await (await clientOf(o)).json<Mapping>({ method: 'GET', path: PATH });
      emit(o.output, m, () => mappingText(m));
    }));

  mapping.command('set').description("replace the tenant's overrides with a file's (YAML or JSON: sources, categories, severity_points, …); {} removes them")
    .requiredOption('--file <file>', 'the overrides document')
    .action(action(async (_: unknown, sub: Command) => {
      const o = sub.optsWithGlobals<HubOptions & { file: string }>();
      const body = await readDocument(o.file);
      const m = await (await clientOf(o)).json<Mapping>({ method: 'PUT', path: PATH, json: body });
      emit(o.output, m, () => mappingText(m));
    }));

  mapping.command('map <source> <category>').description("map one more source to a category, keeping the tenant's other overrides")
    .action(action(async (source: string, category: string, _: unknown, sub: Command) => {
      const o = sub.optsWithGlobals<HubOptions>();
      const client = await clientOf(o);
      const { overrides } = await client.json<Mapping>({ method: 'GET', path: PATH });
      const sources = { ...(overrides.sources as Record<string, string> | undefined), [source]: category };
      const m = await client.json<Mapping>({ method: 'PUT', path: PATH, json: { ...overrides, sources } });
      emit(o.output, m, () => `sources.${source} → ${m.sources[source]} (tenant policy version ${m.version})\n`);
    }));
}
