// `quorum sensors health [<id>]`: the tenant's sensors' health and sync state, or one sensor's with its per-minute
// history, over GET /v1/sensors/health and /v1/sensors/{id}/health. Reads only; prints through the output module.

import type { Command } from 'commander';
import { action, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseSince } from './args.ts';
import { emit, fields, listing, type OutputMode } from './output.ts';

interface SyncItem { expected: string | number | null; reported: string | number | null; state: string; since: string | null }
interface SensorHealth {
  sensor_id: string; name: string | null; connection_state: string; health: string; reported_status: string | null; health_since: string | null;
  last_heartbeat_at: string | null; metrics: { cpu: number | null; memory: number | null; disk: number | null; requests_last_minute: number | null; avg_latency_ms: number | null } | null;
  sync: { config: SyncItem; rules: SyncItem; blocklist: SyncItem };
}
interface HistoryRow { minute: string; status: string; cpu: number; memory: number; disk: number; requests_last_minute: number; avg_latency_ms: number }
interface Detail { sensor: SensorHealth; since: string; until: string; history: HistoryRow[]; truncated: boolean }

const syncText = (i: SyncItem) => (i.state === 'in_sync' || i.state === 'unknown' ? i.state : `${i.state} (${i.reported ?? '-'} → ${i.expected ?? '-'})`);

/** The `sensors` command registered by status.ts, or a new one (so either file may come first). */
function sensorsCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'sensors') ?? program.command('sensors').description("the tenant's sensors");
}

export function registerSensorHealthCommands(program: Command): void {
  withHubOptions(sensorsCommand(program).command('health').argument('[id]', 'one sensor: its health, sync state and per-minute history')
    .description("each sensor's health (reported, or stale/offline when silent) and sync state (config, rules, blocklist)"))
    .option('--since <time>', 'history from (RFC 3339, or back from now like 1h; with <id>)', '1h')
    .option('--until <time>', 'history before (RFC 3339; with <id>; default now)')
    .action(action(async (id: string | undefined, o: HubOptions & { since: string; until?: string }) => {
      const client = await clientOf(o);
      if (id === undefined) {
        const a = await client.json<{ at: string; sensors: SensorHealth[] }>({ method: 'GET', path: '/v1/sensors/health' });
        return emit(o.output, a, () => healthListText(a.sensors, o.output));
      }
      const query = { since: parseSince(o.since, '--since'), ...(o.until ? { until: parseSince(o.until, '--until') } : {}) };
      const d = await client.json<Detail>({ method: 'GET', path: `/v1/sensors/${encodeURIComponent(id)}/health`, query });
      emit(o.output, d, () => detailText(d, o.output));
    }));
}

function healthListText(sensors: SensorHealth[], mode: OutputMode): string {
  return listing(sensors, [
    { header: 'SENSOR', cell: (s) => s.sensor_id }, { header: 'NAME', cell: (s) => s.name, wide: true }, { header: 'HEALTH', cell: (s) => s.health },
    { header: 'SINCE', cell: (s) => s.health_since, time: true }, { header: 'LAST HEARTBEAT', cell: (s) => s.last_heartbeat_at, time: true },
    { header: 'CPU', cell: (s) => s.metrics?.cpu }, { header: 'MEM', cell: (s) => s.metrics?.memory }, { header: 'DISK', cell: (s) => s.metrics?.disk, wide: true },
    { header: 'CONFIG', cell: (s) => syncText(s.sync.config) }, { header: 'RULES', cell: (s) => syncText(s.sync.rules) },
    { header: 'BLOCKLIST', cell: (s) => syncText(s.sync.blocklist) },
  ], mode);
}

function detailText(d: Detail, mode: OutputMode): string {
  const s = d.sensor;
  const head = fields([
    ['sensor', `${s.sensor_id}${s.name ? ` (${s.name})` : ''}, ${s.connection_state}`],
    ['health', `${s.health}${s.health_since ? ` since ${s.health_since}` : ''}`], ['last heartbeat', s.last_heartbeat_at ?? 'never'],
    ['config', syncText(s.sync.config)], ['rules', syncText(s.sync.rules)], ['blocklist', syncText(s.sync.blocklist)],
  ]);
  const rows = listing(d.history, [
    { header: 'MINUTE', cell: (r) => r.minute, time: true }, { header: 'STATUS', cell: (r) => r.status }, { header: 'CPU', cell: (r) => r.cpu },
    { header: 'MEM', cell: (r) => r.memory }, { header: 'DISK', cell: (r) => r.disk }, { header: 'REQ/MIN', cell: (r) => r.requests_last_minute },
    { header: 'LATENCY MS', cell: (r) => r.avg_latency_ms },
  ], mode);
  return `${head}\n${rows}${d.truncated ? 'older minutes of the range not shown (QUORUM_SENSOR_HEALTH_HISTORY_MAX)\n' : ''}`;
}
