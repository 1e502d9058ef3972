// `quorum sensors list|get|approve|reject|delete` and `quorum sensors tokens create|list|revoke`: the fleet view,
// enrolment and identity of the tenant's sensors through a running hub's API (/v1/sensors…), as the key's tenant.

import { Option, type Command } from 'commander';
import { action, clientOf, withHubOptions, type HubOptions } from './hub-client.ts';
import { parseTtl, positiveInt } from './args.ts';
import { emit, fields, listing, timeText, type OutputMode } from './output.ts';

interface FleetSensor {
  sensor_id: string; name: string | null; kind: string; version: string | null; region: string | null; protocol_version: string | null;
  approval_status: string; state: string; hub_id: string | null; last_address: string | null; connected_at: string | null;
  disconnected_at: string | null; last_heartbeat_at: string | null; blocklist_version: number | null; registration_token_id: string | null; tags: string[]; created_at: string;
  health: string; health_since: string | null; sync: { config: SyncItem; rules: SyncItem; blocklist: SyncItem };
}
interface SyncItem { expected: string | number | null; reported: string | number | null; state: string }

const APPROVALS = ['pending', 'approved', 'rejected', 'decommissioned'];
/** One word for the three sync states: the worst of config, rules and blocklist. */
const SYNC_ORDER = ['drifted', 'behind', 'unknown', 'in_sync'];
const syncWord = (s: FleetSensor) => SYNC_ORDER.find((w) => [s.sync.config, s.sync.rules, s.sync.blocklist].some((i) => i.state === w)) ?? 'unknown';
interface Token { id: string; name: string | null; max_uses: number; uses: number; auto_approve: boolean; expires_at: string; created_at: string; revoked_at: string | null }

/** Adds the enrolment commands under `quorum sensors`. */
export function registerFleetCommands(sensors: Command): void {
  withHubOptions(sensors.command('list').description('the fleet: approval, connection, health, sync state, version and last heartbeat of each sensor'))
    .addOption(new Option('--approval <status>', 'only sensors of this approval').choices(APPROVALS))
    .option('--limit <n>', 'sensors at most (1–1000)', '500')
    .action(action(async (o: HubOptions & { approval?: string; limit: string }) => {
      const query = { limit: positiveInt(o.limit, '--limit', 1000), ...(o.approval ? { approval: o.approval } : {}) };
      const a = await (await clientOf(o)).json<{ sensors: FleetSensor[] }>({ method: 'GET', path: '/v1/sensors', query });
      emit(o.output, a, () => listing(a.sensors, [
        { header: 'SENSOR', cell: (s) => s.sensor_id }, { header: 'NAME', cell: (s) => s.name, clip: 30 }, { header: 'APPROVAL', cell: (s) => s.approval_status },
        { header: 'STATE', cell: (s) => s.state }, { header: 'HEALTH', cell: (s) => s.health }, { header: 'SYNC', cell: syncWord },
        { header: 'VERSION', cell: (s) => s.version }, { header: 'LAST HEARTBEAT', cell: (s) => s.last_heartbeat_at, time: true },
        { header: 'HUB', cell: (s) => s.hub_id, wide: true }, { header: 'ADDRESS', cell: (s) => s.last_address, wide: true },
      ], o.output));
    }));
  withHubOptions(sensors.command('get <id>').description('one sensor: approval, connection, version, address, the hub holding it, blocklist version'))
    .action(action(async (id: string, o: HubOptions) => {
      const s = await (await clientOf(o)).json<FleetSensor>({ method: 'GET', path: `/v1/sensors/${encodeURIComponent(id)}` });
      emit(o.output, s, () => sensorDetail(s, o.output));
    }));
  const change = (verb: 'approve' | 'reject' | 'delete', what: string) => withHubOptions(sensors.command(`${verb} <id>`).description(what))
    .action(action(async (id: string, o: HubOptions) => {
      const path = `/v1/sensors/${encodeURIComponent(id)}${verb === 'delete' ? '' : `/${verb}`}`;
      const s = await (await clientOf(o)).json<FleetSensor>({ method: verb === 'delete' ? 'DELETE' : 'POST', path });
      emit(o.output, s, () => `sensor ${s.sensor_id}: ${s.approval_status}\n`);
    }));
  change('approve', 'approve a pending sensor: full capabilities on its next auth (admin)');
  change('reject', 'reject a sensor: closed with 4003 "Sensor rejected" wherever it is connected, refused from then on (admin)');
  change('delete', 'decommission a sensor: closed with 4003 and refused from then on; its record stays (admin)');
  registerTokenCommands(sensors.command('tokens').description('registration tokens that enrol sensors: create (the secret is shown once), list, revoke'));
}

function registerTokenCommands(tokens: Command): void {
  withHubOptions(tokens.command('create').description('a registration token (admin); sensors it enrols are pending unless --auto-approve'))
    .requiredOption('--max-uses <n>', 'sensors it may enrol at most (1–100000)')
    .option('--expires-at <time>', 'RFC 3339, or ahead from now like 7d (at most 365 days)', '7d')
    .option('--name <name>', 'what it is for')
    .option('--auto-approve', 'approve the sensors it enrols at once', false)
    .action(action(async (o: HubOptions & { maxUses: string; expiresAt: string; name?: string; autoApprove: boolean }) => {
      const body = { name: o.name, maxUses: positiveInt(o.maxUses, '--max-uses', 100_000), expiresAt: expiryOf(o.expiresAt), autoApprove: o.autoApprove };
      const t = await (await clientOf(o)).json<Token & { token: string }>({ method: 'POST', path: '/v1/sensors/registration-tokens', json: body });
      emit(o.output, t, () => fields([['id', t.id], ['name', t.name], ['max uses', t.max_uses], ['auto approve', String(t.auto_approve)], ['expires', timeText(t.expires_at, o.output)]])
        + `token (shown once): ${t.token}\n`);
    }));
  withHubOptions(tokens.command('list').description("the tenant's registration tokens, newest first (never their secrets; admin)"))
    .action(action(async (o: HubOptions) => {
      const a = await (await clientOf(o)).json<{ tokens: Token[] }>({ method: 'GET', path: '/v1/sensors/registration-tokens' });
      emit(o.output, a, () => listing(a.tokens, [
        { header: 'ID', cell: (t) => t.id }, { header: 'NAME', cell: (t) => t.name, clip: 30 }, { header: 'USES', cell: (t) => `${t.uses}/${t.max_uses}` },
        { header: 'AUTO APPROVE', cell: (t) => (t.auto_approve ? 'yes' : 'no') }, { header: 'EXPIRES', cell: (t) => t.expires_at, time: true },
        { header: 'REVOKED', cell: (t) => t.revoked_at, time: true },
      ], o.output));
    }));
  withHubOptions(tokens.command('revoke <id>').description('revoke a registration token: it enrols nothing more (admin)'))
    .action(action(async (id: string, o: HubOptions) => {
      const t = await (await clientOf(o)).json<Token>({ method: 'DELETE', path: `/v1/sensors/registration-tokens/${encodeURIComponent(id)}` });
      emit(o.output, t, () => `registration token ${t.id} revoked\n`);
    }));
}

/** `7d`, `12h` ahead of now, or an RFC 3339 time as given (the hub checks its bounds). */
function expiryOf(text: string): string {
  return /^\d+\s*[smhd]$/.test(text.trim()) ? new Date(Date.now() + parseTtl(text, '--expires-at') * 1000).toISOString() : text;
}

function sensorDetail(s: FleetSensor, mode: OutputMode): string {
  return fields([
    ['sensor', s.sensor_id], ['name', s.name], ['approval', s.approval_status], ['state', s.state], ['hub', s.hub_id],
    ['version', s.version], ['tags', s.tags.join(', ')], ['protocol', s.protocol_version], ['kind', s.kind], ['region', s.region], ['address', s.last_address],
    ['connected', timeText(s.connected_at, mode)], ['disconnected', timeText(s.disconnected_at, mode)],
    ['last heartbeat', timeText(s.last_heartbeat_at, mode)], ['blocklist version', s.blocklist_version],
    ['health', `${s.health}${s.health_since ? ` since ${timeText(s.health_since, mode)}` : ''}`],
    ['sync', `config ${s.sync.config.state}, rules ${s.sync.rules.state}, blocklist ${s.sync.blocklist.state}`],
    ['enrolled by token', s.registration_token_id], ['registered', timeText(s.created_at, mode)],
  ]);
}
