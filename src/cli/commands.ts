// `quorum commands send|fleet|list|get|cancel` and `quorum sensors tags`: fleet commands through a running hub's API
// (/v1/commands…, /v1/sensors/{id}/commands, /v1/sensors/{id}/tags), as the key's tenant. Prints through the output module.

import type { Command } from 'commander';
import { COMMAND_STATUSES, COMMAND_TYPES } from '../distribute/command-types.ts';
import { action, allPages, clientOf, UsageError, withHubOptions, type HubOptions } from './hub-client.ts';
import { positiveInt } from './args.ts';
import { emit, fields, listing, timeText, type OutputMode } from './output.ts';

interface CommandView {
  id: string; sensor_id: string; type: string; payload: Record<string, unknown>; status: string; attempts: number; max_attempts: number; timeout_ms: number;
  created_at: string; created_by: string; expires_at: string; sent_at: string | null; finished_at: string | null; message: string | null;
  result: Record<string, unknown> | null; fleet_request_id: string | null; rollout_id: string | null;
}

/** The command type named on the command line, or a usage error listing the types. */
function commandType(text: string): string {
  if (!(COMMAND_TYPES as readonly string[]).includes(text)) throw new UsageError(`unknown command type ${text}; one of ${COMMAND_TYPES.join(', ')}`);
  return text;
}

/** `--payload` as a JSON object, or a usage error. */
function payloadOf(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new UsageError('--payload must be JSON, e.g. \'{"enabled": true}\'');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UsageError('--payload must be a JSON object');
  return v as Record<string, unknown>;
}

const collect = (v: string, all: string[]) => [...all, v];

export function registerCommandsCommands(program: Command): void {
  const commands = program.command('commands').description('fleet commands: send to one sensor or to a selection, list, show, cancel');
  withHubOptions(commands.command('send <sensor> <type>').description(`send a command to one approved sensor (admin); types: ${COMMAND_TYPES.join(', ')}`))
    .option('--payload <json>', 'the payload object given to the sensor')
    .action(action(async (sensor: string, type: string, o: HubOptions & { payload?: string }) => {
      const body = { type: commandType(type), ...(o.payload === undefined ? {} : { payload: payloadOf(o.payload) }) };
      const c = await (await clientOf(o)).json<CommandView>({ method: 'POST', path: `/v1/sensors/${encodeURIComponent(sensor)}/commands`, json: body });
      emit(o.output, c, () => `command ${c.id} to ${c.sensor_id}: ${c.status}\n`);
    }));
  withHubOptions(commands.command('fleet <type>').description('send a command to every approved sensor the options select, all or nothing (admin)'))
    .option('--payload <json>', 'the payload object given to each sensor')
    .option('--sensor <id>', 'this sensor (repeat for more)', collect, [])
    .option('--tag <tag>', 'sensors carrying this tag (repeat: every one of them)', collect, [])
    .option('--version <version>', 'sensors reporting this version')
    .option('--connected', 'only sensors connected now')
    .option('--disconnected', 'only sensors not connected now')
    .action(action(async (type: string, o: HubOptions & { payload?: string; sensor: string[]; tag: string[]; version?: string; connected?: boolean; disconnected?: boolean }) => {
      if (o.connected && o.disconnected) throw new UsageError('--connected and --disconnected exclude each other');
      const selector = {
        ...(o.sensor.length ? { sensorIds: o.sensor } : {}), ...(o.tag.length ? { tags: o.tag } : {}), ...(o.version ? { version: o.version } : {}),
        ...(o.connected ? { connected: true } : o.disconnected ? { connected: false } : {}),
      };
      const body = { type: commandType(type), selector, ...(o.payload === undefined ? {} : { payload: payloadOf(o.payload) }) };
      const a = await (await clientOf(o)).json<{ fleet_request_id: string; commands: CommandView[] }>({ method: 'POST', path: '/v1/commands', json: body });
      emit(o.output, a, () => (a.commands.length === 0
        ? 'no approved sensor matched; nothing was sent\n'
        : `fleet request ${a.fleet_request_id}: ${a.commands.length} command(s)\n${commandList(a.commands, o.output)}`));
    }));
  registerReadCommands(commands);
  withHubOptions(commands.command('cancel <id>').description('cancel a pending or sent command (admin); a finished one: exit 1'))
    .action(action(async (id: string, o: HubOptions) => {
      const c = await (await clientOf(o)).json<CommandView>({ method: 'POST', path: `/v1/commands/${encodeURIComponent(id)}/cancel` });
      emit(o.output, c, () => `command ${c.id}: ${c.status}\n`);
    }));
  registerTagsCommand(program);
}

function registerReadCommands(commands: Command): void {
  withHubOptions(commands.command('list').description("the tenant's fleet commands, newest first"))
    .option('--sensor <id>', "only this sensor's commands")
    .option('--status <status>', `only commands in this status: ${COMMAND_STATUSES.join(', ')}`)
    .option('--rollout <id>', "only this rollout's commands")
    .option('--limit <n>', 'at most this many (1–10000)', '100')
    .action(action(async (o: HubOptions & { sensor?: string; status?: string; rollout?: string; limit: string }) => {
      if (o.status !== undefined && !(COMMAND_STATUSES as readonly string[]).includes(o.status)) throw new UsageError(`--status must be one of ${COMMAND_STATUSES.join(', ')}`);
      const limit = positiveInt(o.limit, '--limit', 10_000);
      const client = await clientOf(o);
      const filter = { ...(o.sensor ? { sensor: o.sensor } : {}), ...(o.status ? { status: o.status } : {}), ...(o.rollout ? { rollout: o.rollout } : {}) };
      const all = await allPages(limit, async (cursor, want) => {
        const p = await client.json<{ commands: CommandView[]; next_cursor: string | null }>({
          method: 'GET', path: '/v1/commands', query: { ...filter, limit: String(want), ...(cursor ? { cursor } : {}) },
        });
        return { items: p.commands, next: p.next_cursor };
      });
      emit(o.output, { commands: all }, () => commandList(all, o.output));
    }));
  withHubOptions(commands.command('get <id>').description('one command: status, attempts, the sensor\'s message and result'))
    .action(action(async (id: string, o: HubOptions) => {
      const c = await (await clientOf(o)).json<CommandView>({ method: 'GET', path: `/v1/commands/${encodeURIComponent(id)}` });
      emit(o.output, c, () => commandDetail(c, o.output));
    }));
}

/** `quorum sensors tags <id> <tag…>`, on the `sensors` command whichever file registers it first. */
function registerTagsCommand(program: Command): void {
  const sensors = program.commands.find((c) => c.name() === 'sensors') ?? program.command('sensors').description("the tenant's sensors");
  withHubOptions(sensors.command('tags <id> [tags...]').description("replace a sensor's tags (none given: removes them all; admin)"))
    .action(action(async (id: string, tags: string[], o: HubOptions) => {
      const t = await (await clientOf(o)).json<{ sensor_id: string; tags: string[] }>({ method: 'PUT', path: `/v1/sensors/${encodeURIComponent(id)}/tags`, json: { tags } });
      emit(o.output, t, () => `sensor ${t.sensor_id}: ${t.tags.length ? t.tags.join(', ') : 'no tags'}\n`);
    }));
}

function commandList(rows: CommandView[], mode: OutputMode): string {
  return listing(rows, [
    { header: 'ID', cell: (c) => c.id }, { header: 'SENSOR', cell: (c) => c.sensor_id, clip: 24 }, { header: 'TYPE', cell: (c) => c.type },
    { header: 'STATUS', cell: (c) => c.status }, { header: 'ATTEMPTS', cell: (c) => `${c.attempts}/${c.max_attempts}` },
    { header: 'CREATED', cell: (c) => c.created_at, time: true }, { header: 'FINISHED', cell: (c) => c.finished_at, time: true },
    { header: 'MESSAGE', cell: (c) => c.message, clip: 40 }, { header: 'BY', cell: (c) => c.created_by, wide: true },
  ], mode);
}

function commandDetail(c: CommandView, mode: OutputMode): string {
  return fields([
    ['command', c.id], ['sensor', c.sensor_id], ['type', c.type], ['status', c.status], ['attempts', `${c.attempts} of ${c.max_attempts} (${c.timeout_ms} ms each)`],
    ['payload', JSON.stringify(c.payload)], ['created', timeText(c.created_at, mode)], ['by', c.created_by], ['expires', timeText(c.expires_at, mode)],
    ['sent', timeText(c.sent_at, mode)], ['finished', timeText(c.finished_at, mode)], ['message', c.message],
    ['result', c.result === null ? null : JSON.stringify(c.result)], ['fleet request', c.fleet_request_id], ['rollout', c.rollout_id],
  ]);
}
