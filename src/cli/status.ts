// `quorum status` (is the hub ready, how far behind its feeds are, are the enforcement targets in step) and
// `quorum blocks sensors`. Reads /readyz and /metrics (public) and, with a key, the tenant's sensors and bouncers.

import type { Command } from 'commander';
import { action, clientOf, HubError, withHubOptions, type HubClient, type HubOptions } from './hub-client.ts';
import { positiveInt } from './args.ts';
import { emit, fields, listing, type OutputMode } from './output.ts';
import { registerFleetCommands } from './fleet.ts';
import { readFeedConsumers, waitingText, type FeedConsumer } from './feed.ts';

interface Sensor { sensor_id: string; name: string | null; state: string; last_heartbeat_at: string | null; blocklist_version: number | null; behind: number | null }
interface Bouncer { id: string; user_agent: string; address: string; version: number; behind: number; last_pull_at: string }
interface Status {
  url: string; ready: boolean; readyz: unknown; enforcement: Record<string, string>; feed_lag_seconds: Record<string, number>;
  feed_unfollowed_tenants: Record<string, number>;
  feed_consumers: FeedConsumer[] | { not_shown: string } | null;
  sensors: { version: number; sensors: Sensor[] } | { not_shown: string } | null; bouncers: { version: number; bouncers: Bouncer[] } | { not_shown: string } | null;
}

/** Feed lag above this is shown as behind (the same order as the dashboard's freshness). */
const LAG_WARN_SECONDS = 5;
/** A lag as the status lines show it: `1.2s`, marked `(behind)` past the threshold. */
const lagText = (seconds: number) => `${seconds.toFixed(1)}s${seconds > LAG_WARN_SECONDS ? ' (behind)' : ''}`;

/** The samples of one metric in Prometheus text: label set → value. */
export function metricSamples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]));
    out.push({ labels, value: Number(m[3]) });
  }
  return out;
}

/** Reads what the key may read; the hub's refusal (no key, a missing scope, a database away) instead of failing status. */
async function optional<T>(read: () => Promise<T>): Promise<T | { not_shown: string }> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof HubError) return { not_shown: `${err.code}: ${err.message}` };
    throw err;
  }
}

/** The largest sample of a metric labelled by feed consumer, per consumer. */
function largestByConsumer(metrics: string, name: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of metricSamples(metrics, name)) {
    const consumer = s.labels.consumer ?? 'feed';
    out[consumer] = Math.max(out[consumer] ?? 0, s.value);
  }
  return out;
}

async function readStatus(client: HubClient): Promise<Status> {
  let ready = true;
  let readyz: unknown;
  try {
    readyz = await client.json({ method: 'GET', path: '/readyz' });
  } catch (err) {
    if (!(err instanceof HubError)) throw err;
    ready = false;
    readyz = { status: 'not ready', code: err.code, detail: err.message };
  }
  const metrics = await client.text({ method: 'GET', path: '/metrics' });
  const lag = largestByConsumer(metrics, 'quorum_feed_lag_seconds');
  return {
    url: client.url, ready, readyz, enforcement: (readyz as { enforcement?: Record<string, string> }).enforcement ?? {}, feed_lag_seconds: lag,
    feed_unfollowed_tenants: largestByConsumer(metrics, 'quorum_feed_unfollowed_tenants'),
    feed_consumers: client.key ? await optional(() => readFeedConsumers(client)) : null,
    sensors: client.key ? await optional(() => client.json<{ version: number; sensors: Sensor[] }>({ method: 'GET', path: '/v1/blocks/sensors' })) : null,
    bouncers: client.key ? await optional(() => client.json<{ version: number; bouncers: Bouncer[] }>({ method: 'GET', path: '/v1/bouncers' })) : null,
  };
}

const behindText = (items: { behind: number | null }[], what: string, version: number) => {
  if (items.length === 0) return 'none';
  const late = items.filter((i) => i.behind !== 0);
  return `${items.length} ${what}, ${late.length === 0 ? 'all in step' : `${late.length} not in step`} with block-feed version ${version}`;
};

/** One line on sensors or bouncers: how many, and whether they hold the current block-feed version. */
function targetsLine<R extends { version: number }>(r: R | { not_shown: string } | null, items: (r: R) => { behind: number | null }[], what: string, needs: string): string {
  if (r === null) return `not shown: no API key (${needs})`;
  if ('not_shown' in r) return `not shown: ${r.not_shown.split(' — ')[0]}`;
  return behindText(items(r), what, r.version);
}

/** A line only when some tenant's feed is followed by no hub for a consumer (their lag no hub reports). */
function unfollowedLine(unfollowed: Record<string, number>): [string, string][] {
  const some = Object.entries(unfollowed).filter(([, n]) => n > 0);
  return some.length ? [['unfollowed', some.map(([c, n]) => `${n} tenant(s) no hub follows for ${c}`).join(', ')]] : [];
}

/** One line on the tenant's feed consumers as the database has them (every hub's), from GET /v1/feed/consumers. */
function consumersLine(c: Status['feed_consumers']): string {
  if (c === null) return 'not shown: no API key (signal:read shows it)';
  if ('not_shown' in c) return `not shown: ${c.not_shown.split(' — ')[0]}`;
  return c.map((f) => `${f.consumer} ${!f.followed ? 'NOT FOLLOWED by any hub, ' : ''}${
    f.pending_signals === 0 ? 'in step' : `${waitingText(f)} waiting, ${lagText(f.lag_seconds)}`}`).join(', ');
}

function statusText(s: Status): string {
  const lag = Object.entries(s.feed_lag_seconds);
  return fields([
    ['hub', `${s.url} ${s.ready ? 'ready' : `NOT READY: ${(s.readyz as { detail?: string }).detail ?? ''}`}`],
    ['feed lag', lag.length ? lag.map(([c, v]) => `${c} ${lagText(v)}`).join(', ') : 'no feed consumers'],
    ...unfollowedLine(s.feed_unfollowed_tenants),
    ['tenant feed', consumersLine(s.feed_consumers)],
    ['enforcement', Object.keys(s.enforcement).length ? Object.entries(s.enforcement).map(([t, st]) => `${t} ${st}`).join(', ') : 'no targets configured (sensors and bouncers pull)'],
    ['sensors', targetsLine(s.sensors, (r) => r.sensors, 'sensor(s)', 'signal:read lists them')],
    ['bouncers', targetsLine(s.bouncers, (r) => r.bouncers, 'bouncer(s)', 'an admin key lists them')],
  ]);
}

export function registerStatusCommands(program: Command): void {
  withHubOptions(program.command('status').description("the hub's health: ready or not, feed lag, enforcement targets and the tenant's sensors and bouncers in step"))
    .addHelpText('after', '\nWorks without a key (health, this hub\'s feed lag, enforcement); with one it adds the tenant\'s feed consumers (every hub\'s), sensors and bouncers.\nExit 1 when the hub is not ready.')
    .action(action(async (o: HubOptions) => {
      const client = await clientOf(o, true);
      const s = await readStatus(client);
      emit(o.output, s, () => statusText(s));
      if (!s.ready) process.exitCode = 1;
    }));

  registerFleetCommands(program.command('sensors').description("the tenant's sensors"));
}

/** `quorum blocks sensors`: the blocklist view of the sensors (registered on the `blocks` command by blocks.ts). */
export function registerBlockSensorsCommand(blocks: Command): void {
  withHubOptions(blocks.command('sensors').description('each sensor, its connection and the blocklist version it holds against the block feed'))
    .option('--limit <n>', 'sensors at most (1–1000)', '500')
    .action(action(async (o: HubOptions & { limit: string }) => {
      const limit = positiveInt(o.limit, '--limit', 1000);
      const a = await (await clientOf(o)).json<{ version: number; sensors: Sensor[] }>({ method: 'GET', path: '/v1/blocks/sensors', query: { limit } });
      emit(o.output, a, () => sensorsText(a, o.output));
    }));
}

function sensorsText(a: { version: number; sensors: Sensor[] }, mode: OutputMode): string {
  return listing(a.sensors, [
    { header: 'SENSOR', cell: (s) => s.sensor_id }, { header: 'NAME', cell: (s) => s.name }, { header: 'STATE', cell: (s) => s.state },
    { header: 'LAST HEARTBEAT', cell: (s) => s.last_heartbeat_at, time: true }, { header: 'BLOCKLIST', cell: (s) => s.blocklist_version },
    { header: 'BEHIND', cell: (s) => (s.behind === null ? 'unknown' : s.behind === 0 ? 'in step' : `${s.behind} change(s)`) },
  ], mode) + `block-feed version ${a.version}\n`;
}
