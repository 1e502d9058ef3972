// Fleet commands on one hub over real HTTP and WebSocket: order, retries and timeouts, expiry, cancel, the per-sensor cap,
// fleet-wide selectors, refused acks, who may be sent commands, payload limits, and the audit log and metrics of each.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { authedSensor, authMessage, sensorUrl, TestSensor, type Received } from './helpers/sensor.ts';
import { COMMAND_TYPES } from '../src/distribute/command-types.ts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from './helpers/process.ts';
import { SensorClient } from '../src/sdk/sensor-client.ts';
import { randomUUID } from 'node:crypto';
import { withTenant } from '../src/db/pools.ts';
import { insertCommands } from '../src/distribute/command-queries.ts';
import { createCommandDelivery } from '../src/distribute/command-delivery.ts';
import { createMetrics } from '../src/metrics.ts';
import type { CommandSession } from '../src/ingest/ports.ts';

let hub: TestHub;
/** The hub's clock runs this far ahead of the wall clock (expiry is an hour by default). */
let offsetMs = 0;
const MAX_OPEN = 5;

before(async () => {
  hub = await startTestHub({
    commandDelivery: ['toggle_chaos=1000:2'], commandSweepMs: 50, commandMaxOpen: MAX_OPEN, commandMaxPayloadBytes: 2048,
  }, () => new Date(Date.now() + offsetMs));
});
after(async () => { await hub.close(); });

const api = (method: string, url: string, body?: unknown) => hub.request(method, url, { key: hub.adminKey, body });
const send = (sensorId: string, type: string, payload?: unknown) => api('POST', `/v1/sensors/${sensorId}/commands`, { type, ...(payload === undefined ? {} : { payload }) });
const command = async (id: string) => (await api('GET', `/v1/commands/${id}`)).body;
const statusBecomes = (id: string, status: string) => waitUntil(`command ${id} ${status}`, 8000, async () => {
  const c = await command(id);
  return c.status === status ? c : undefined;
});
const openRows = async (sensorId: string) => Number((await hub.db.pools.owner.query(
  "SELECT count(*) AS n FROM sensor_commands WHERE sensor_id = $1 AND status IN ('pending', 'sent')", [sensorId])).rows[0].n);

/** Registers a sensor by the admin key (approved) and leaves it offline. */
async function offline(sensorId: string): Promise<void> {
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId });
  s.close();
  await s.closed;
}

/** The next command frame the sensor receives (pings and other frames stay queued). */
async function nextCommand(s: TestSensor, timeoutMs = 8000): Promise<Received> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = await s.next(undefined, Math.max(1, deadline - Date.now()));
    if ((COMMAND_TYPES as readonly string[]).includes(m.type)) return m;
  }
}

test('commands queued for an offline sensor are delivered in the order they were sent when it connects', async () => {
  await offline('edge-order');
  const ids: string[] = [];
  for (const [type, payload] of [['push_config', { version: 'c1' }], ['collect_diagnostics', { level: 'basic' }], ['update', { version: '2.1.0' }], ['sync_blocklist', {}], ['toggle_mtd', { enabled: false }]] as const) {
    const res = await send('edge-order', type, payload);
    assert.equal(res.status, 202);
    ids.push(res.body.id);
  }
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-order' });
  const received: string[] = [];
  for (let i = 0; i < ids.length; i++) received.push((await nextCommand(s)).commandId);
  assert.deepEqual(received, ids);
  for (const id of ids) s.send({ type: 'command-ack', payload: { commandId: id, success: true } });
  for (const id of ids) await statusBecomes(id, 'succeeded');
  s.close();
});

test('an unanswered command is sent again while attempts remain, then timed_out, and both outcomes are counted', async () => {
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-silent' });
  const sent = await send('edge-silent', 'toggle_chaos', { enabled: true });
  assert.equal(sent.body.max_attempts, 2);
  assert.equal(sent.body.timeout_ms, 1000);
  const first = await nextCommand(s);
  const second = await nextCommand(s);
  assert.equal(first.commandId, sent.body.id);
  assert.equal(second.commandId, sent.body.id);
  const done = await statusBecomes(sent.body.id, 'timed_out');
  assert.equal(done.attempts, 2);
  assert.match(done.message, /no answer after 2 attempt/);
  // The sensor's answer after the last deadline changes nothing.
  s.send({ type: 'command-ack', id: 'late', payload: { commandId: sent.body.id, success: true } });
  assert.equal((await s.next('error')).code, 'NOT_FOUND');
  assert.equal((await command(sent.body.id)).status, 'timed_out');
  const metrics = (await hub.request('GET', '/metrics')).body as string;
  assert.match(metrics, /quorum_commands_total\{type="toggle_chaos",outcome="timed_out"\} 1/);
  assert.match(metrics, /quorum_command_retries_total\{type="toggle_chaos"\} 1/);
  s.close();
});

test('a late answer to an attempt that timed out still closes the command', async () => {
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-slow' });
  const sent = await send('edge-slow', 'toggle_chaos', { enabled: false });
  await nextCommand(s);
  await nextCommand(s);
  s.send({ type: 'command-ack', payload: { commandId: sent.body.id, success: true, message: 'applied', result: { enabled: false } } });
  const done = await statusBecomes(sent.body.id, 'succeeded');
  assert.deepEqual([done.message, done.result], ['applied', { enabled: false }]);
  s.close();
});

test('a command still pending at its expiry is expired and never delivered', async () => {
  await offline('edge-away');
  const stale = await send('edge-away', 'collect_diagnostics');
  offsetMs = 3_600_000 + 1000;
  try {
    const done = await statusBecomes(stale.body.id, 'expired');
    assert.equal(done.attempts, 0);
    const fresh = await send('edge-away', 'collect_diagnostics');
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-away' });
    assert.equal((await nextCommand(s)).commandId, fresh.body.id);
    s.close();
  } finally {
    offsetMs = 0;
  }
});

test('a command claimed for a socket that closed meanwhile is pending again, with the attempts and send time it had', async () => {
  await offline('edge-gone');
  const tenantId = hub.bootstrap.tenantId;
  const sentBefore = new Date(Date.now() - 60_000);
  const made = await withTenant(hub.pools.app, tenantId, (c) => insertCommands(c, tenantId, ['restart', 'sync_blocklist', 'update'].map((type) => ({
    id: randomUUID(), sensorId: 'edge-gone', type: type as 'restart', payload: {}, timeoutMs: 30_000, maxAttempts: 3, createdBy: 'test',
    createdAt: new Date(), expiresAt: new Date(Date.now() + 3_600_000),
  }))));
  // The second one went to an earlier session of the sensor once, unanswered; its deadline is still ahead (a past one
  // would have the hub's own retry sweep wake the sensor and make it pending, racing the release under test).
  await hub.db.pools.owner.query("UPDATE sensor_commands SET status = 'sent', attempts = 1, sent_at = $2, deadline_at = now() + interval '30 s' WHERE id = $1", [made[1]!.id, sentBefore]);
  const frames: string[] = [];
  // The socket takes the first frame, then closes before the second: what the claim took beyond it was never written.
  const session: CommandSession = {
    tenantId, sensorId: 'edge-gone', connectedAt: new Date(), isOpen: () => true,
    sendText: (text) => frames.length === 0 && frames.push(text) > 0,
  };
  const delivery = createCommandDelivery({
    app: hub.pools.app, sessions: { commandSessionsOf: () => [], allCommandSessions: () => [] }, notifications: { on: () => undefined, onReconnect: () => undefined },
    metrics: createMetrics(), logger: { info: () => undefined, warn: () => undefined }, clock: () => new Date(), retryMs: 1000,
  });
  // Another session of the sensor (on any hub) is woken to take them.
  const listener = await hub.db.pools.owner.connect();
  const woken = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no wake-up for the sensor within 8 s')), 8000);
    listener.on('notification', (n) => { if (n.payload?.endsWith(':edge-gone')) { clearTimeout(timer); resolve(n.payload); } });
  });
  await listener.query('LISTEN quorum_sensor_commands');
  delivery.source.opened(session);
  assert.equal(await woken, `${tenantId}:edge-gone`);
  await listener.query('UNLISTEN *');
  listener.release();
  let seen: unknown[] = [];
  const rows = await waitUntil('the unwritten commands released', 8000, async () => {
    const res = await hub.db.pools.owner.query<{ id: string; status: string; attempts: number; sent_at: string | null; deadline_at: string | null }>(
      'SELECT id, status, attempts, sent_at, deadline_at FROM sensor_commands WHERE id = ANY($1) ORDER BY seq', [made.map((m) => m.id)]);
    seen = res.rows;
    return res.rows.every((r) => r.status !== 'sent' || r.id === made[0]!.id) ? res.rows : undefined;
  }).catch((err: Error) => { throw new Error(`${err.message}; the frames written: ${frames.length}; the commands: ${JSON.stringify(seen)}`); });
  assert.equal(JSON.parse(frames[0]!).commandId, made[0]!.id);
  assert.deepEqual(rows.map((r) => [r.status, r.attempts]), [['sent', 1], ['pending', 1], ['pending', 0]]);
  assert.deepEqual(rows.map((r) => (r.sent_at === null ? null : new Date(r.sent_at).getTime())).slice(1), [sentBefore.getTime(), null]);
});

test('a pending or sent command can be cancelled, a finished one cannot, and a cancelled one is never delivered', async () => {
  await offline('edge-cancel');
  const first = await send('edge-cancel', 'update', { version: '2.0.0' });
  const cancelled = await api('POST', `/v1/commands/${first.body.id}/cancel`);
  assert.equal(cancelled.status, 200);
  assert.equal(cancelled.body.status, 'cancelled');
  const again = await api('POST', `/v1/commands/${first.body.id}/cancel`);
  assert.equal(again.status, 409);
  assert.match(again.body.detail, /cancelled already/);
  assert.equal((await api('POST', '/v1/commands/6f1d2a3b-0000-4000-8000-000000000000/cancel')).status, 404);

  const second = await send('edge-cancel', 'restart');
  const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-cancel' });
  assert.equal((await nextCommand(s)).commandId, second.body.id);
  // Sent and not answered yet: still cancellable; the sensor's answer then is refused.
  assert.equal((await api('POST', `/v1/commands/${second.body.id}/cancel`)).body.status, 'cancelled');
  s.send({ type: 'command-ack', id: 'after-cancel', payload: { commandId: second.body.id, success: true } });
  assert.equal((await s.next('error')).code, 'NOT_FOUND');
  s.close();
});

test(`a sensor with ${MAX_OPEN} open commands refuses more with 429, and a fleet-wide command naming it enqueues nothing at all`, async () => {
  await offline('edge-full');
  await offline('edge-empty');
  for (let i = 0; i < MAX_OPEN; i++) assert.equal((await send('edge-full', 'sync_blocklist')).status, 202);
  const refused = await send('edge-full', 'sync_blocklist');
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'command_queue_full');
  assert.ok(refused.headers.get('retry-after'));
  assert.equal(await openRows('edge-full'), MAX_OPEN);
  const fleet = await api('POST', '/v1/commands', { type: 'restart', selector: { sensorIds: ['edge-empty', 'edge-full'] } });
  assert.equal(fleet.status, 429);
  assert.equal(await openRows('edge-empty'), 0);
});

test('a fleet-wide command goes to every approved sensor its selector matches, under one request id', async () => {
  for (const id of ['fleet-1', 'fleet-2', 'fleet-3']) await offline(id);
  assert.deepEqual((await api('PUT', '/v1/sensors/fleet-1/tags', { tags: ['eu', 'edge', 'edge'] })).body, { sensor_id: 'fleet-1', tags: ['edge', 'eu'] });
  assert.equal((await api('PUT', '/v1/sensors/fleet-2/tags', { tags: ['edge'] })).status, 200);
  assert.equal((await api('PUT', '/v1/sensors/fleet-9/tags', { tags: ['edge'] })).status, 404);
  const live = await authedSensor(hub.url, hub.adminKey, { sensorId: 'fleet-2' });

  const tagged = await api('POST', '/v1/commands', { type: 'push_rules', payload: { version: 'r7' }, selector: { tags: ['edge'] } });
  assert.equal(tagged.status, 202);
  assert.deepEqual(tagged.body.commands.map((c: any) => c.sensor_id), ['fleet-1', 'fleet-2']);
  assert.ok(tagged.body.commands.every((c: any) => c.fleet_request_id === tagged.body.fleet_request_id));
  assert.equal((await nextCommand(live)).commandId, tagged.body.commands[1].id);

  const connected = await api('POST', '/v1/commands', { type: 'toggle_mtd', selector: { tags: ['edge'], connected: true } });
  assert.deepEqual(connected.body.commands.map((c: any) => c.sensor_id), ['fleet-2']);
  const none = await api('POST', '/v1/commands', { type: 'restart', selector: { tags: ['nowhere'] } });
  assert.equal(none.status, 202);
  assert.deepEqual(none.body.commands, []);

  const listed = await api('GET', '/v1/commands?sensor=fleet-1&status=pending');
  assert.deepEqual(listed.body.commands.map((c: any) => c.id), [tagged.body.commands[0].id]);
  live.close();
});

test('the command list pages newest first with a cursor', async () => {
  await offline('edge-pages');
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push((await send('edge-pages', 'sync_blocklist')).body.id);
  const first = await api('GET', '/v1/commands?sensor=edge-pages&limit=2');
  assert.deepEqual(first.body.commands.map((c: any) => c.id), [ids[2], ids[1]]);
  const rest = await api('GET', `/v1/commands?sensor=edge-pages&limit=2&cursor=${first.body.next_cursor}`);
  assert.deepEqual(rest.body.commands.map((c: any) => c.id), [ids[0]]);
  assert.equal(rest.body.next_cursor, null);
  assert.equal((await api('GET', '/v1/commands?cursor=bm9wZQ')).status, 400);
});

test("a sensor's ack of another sensor's command, or of a command id that does not exist, is refused and changes nothing", async () => {
  await offline('edge-owner');
  const theirs = await send('edge-owner', 'restart');
  const other = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-other' });
  for (const commandId of [theirs.body.id, 'not-a-uuid', '6f1d2a3b-0000-4000-8000-000000000000']) {
    other.send({ type: 'command-ack', id: 'x', payload: { commandId, success: true } });
    const refused = await other.next('error');
    assert.equal(refused.code, 'NOT_FOUND');
    assert.equal(refused.id, 'x');
  }
  assert.equal((await command(theirs.body.id)).status, 'pending');
  other.close();
});

test('only approved sensors may be sent commands: unknown is 404, pending and rejected are 409', async () => {
  assert.equal((await send('edge-nobody', 'restart')).status, 404);
  const token = await api('POST', '/v1/sensors/registration-tokens', { maxUses: 1, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
  const pending = new TestSensor(sensorUrl(hub.url));
  await pending.opened;
  pending.send(authMessage('', { apiKey: undefined, registrationToken: token.body.token, sensorId: 'edge-pending' }));
  assert.equal((await pending.next()).approvalStatus, 'PENDING');
  const refused = await send('edge-pending', 'restart');
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /pending: commands go to approved sensors only/);
  pending.send({ type: 'command-ack', id: 'p', payload: { commandId: '6f1d2a3b-0000-4000-8000-000000000000', success: true } });
  assert.equal((await pending.next('error')).code, 'FORBIDDEN');
  pending.close();
  await offline('edge-rejected');
  await api('POST', '/v1/sensors/edge-rejected/reject');
  assert.equal((await send('edge-rejected', 'restart')).status, 409);
  assert.equal(await openRows('edge-pending') + await openRows('edge-rejected'), 0);
});

test('the open commands of a sensor rejected or decommissioned are cancelled, saying why, and the outcome is counted', async () => {
  const queued: Record<string, string> = {};
  for (const sensorId of ['edge-to-reject', 'edge-to-retire']) {
    await offline(sensorId);
    queued[sensorId] = (await send(sensorId, 'restart')).body.id;
  }
  await api('POST', '/v1/sensors/edge-to-reject/reject');
  await api('DELETE', '/v1/sensors/edge-to-retire');
  const rejected = await statusBecomes(queued['edge-to-reject']!, 'cancelled');
  assert.equal(rejected.message, 'the sensor was rejected');
  const retired = await statusBecomes(queued['edge-to-retire']!, 'cancelled');
  assert.equal(retired.message, 'the sensor was decommissioned');
  assert.match(await (await fetch(`${hub.url}/metrics`)).text(), /quorum_commands_total\{type="restart",outcome="cancelled"\} [1-9]/);
});

test('a payload above the byte limit is 413, one nested too deep or not an object is 400, and nothing is enqueued', async () => {
  await offline('edge-payload');
  assert.equal((await send('edge-payload', 'push_config', { blob: 'x'.repeat(3000) })).status, 413);
  let deep: unknown = {};
  for (let i = 0; i < 40; i++) deep = { d: deep };
  assert.equal((await send('edge-payload', 'push_config', deep)).status, 400);
  assert.equal((await send('edge-payload', 'push_config', [1, 2])).status, 400);
  assert.equal((await send('edge-payload', 'reboot_now')).status, 400);
  assert.equal(await openRows('edge-payload'), 0);
});

test('every command sent and cancelled through the API is in the audit log', async () => {
  await offline('edge-audited');
  const sent = await send('edge-audited', 'restart');
  await api('POST', `/v1/commands/${sent.body.id}/cancel`);
  const items = (await api('GET', '/v1/audit?limit=1000')).body.items as { route: string; target: string; status: number }[];
  assert.ok(items.some((e) => e.route === '/v1/sensors/:id/commands' && e.target === `edge-audited/${sent.body.id}` && e.status === 202));
  assert.ok(items.some((e) => e.route === '/v1/commands/:id/cancel' && e.target === sent.body.id && e.status === 200));
});

test('the CLI tags sensors, sends to one and to a selection, lists, shows and cancels commands, with the documented exit codes', async () => {
  const keyFile = path.join(await mkdtemp(path.join(tmpdir(), 'quorum-commands-cli-')), 'admin');
  await writeFile(keyFile, `${hub.adminKey}\n`);
  const cli = async (...args: string[]) => {
    const p = runCli([...args, '--url', hub.url, '--key-file', keyFile]);
    return { code: await p.exited, stdout: p.stdout(), out: p.output() };
  };
  await offline('cli-edge');
  const tagged = await cli('sensors', 'tags', 'cli-edge', 'lab', 'eu');
  assert.equal(tagged.code, 0, tagged.out);
  assert.equal(tagged.stdout, 'sensor cli-edge: eu, lab\n');
  const sent = await cli('commands', 'send', 'cli-edge', 'toggle_mtd', '--payload', '{"enabled": true}', '-o', 'json');
  assert.equal(sent.code, 0, sent.out);
  const id = JSON.parse(sent.stdout).id as string;
  const fleet = await cli('commands', 'fleet', 'restart', '--tag', 'lab', '--tag', 'eu', '--disconnected');
  assert.match(fleet.stdout, /^fleet request [0-9a-f-]{36}: 1 command\(s\)\n/);
  assert.match((await cli('commands', 'fleet', 'restart', '--tag', 'nowhere')).stdout, /no approved sensor matched; nothing was sent/);
  const list = await cli('commands', 'list', '--sensor', 'cli-edge', '--status', 'pending');
  assert.deepEqual(list.stdout.split('\n')[0]!.trim().split(/\s{2,}/), ['ID', 'SENSOR', 'TYPE', 'STATUS', 'ATTEMPTS', 'CREATED', 'FINISHED', 'MESSAGE']);
  assert.equal(list.stdout.trim().split('\n').length, 3);
  assert.match((await cli('commands', 'get', id)).stdout, /^command: +[0-9a-f-]{36}\nsensor: +cli-edge\ntype: +toggle_mtd\nstatus: +pending/);
  assert.equal((await cli('commands', 'cancel', id)).stdout, `command ${id}: cancelled\n`);
  const again = await cli('commands', 'cancel', id);
  assert.equal(again.code, 1);
  assert.match(again.out, /quorum: conflict: command .* is cancelled already/);
  assert.equal((await cli('commands', 'get', '6f1d2a3b-0000-4000-8000-000000000000')).code, 3);
  assert.equal((await cli('commands', 'send', 'cli-edge', 'reboot')).code, 2);
  assert.equal((await cli('commands', 'send', 'cli-edge', 'restart', '--payload', '[1]')).code, 2);
});

test("a rollout's commands are listed by the rollout's id", async () => {
  for (const id of ['roll-1', 'roll-2']) await offline(id);
  const rolloutId = randomUUID();
  const tenantId = hub.bootstrap.tenantId;
  const now = new Date();
  const made = await withTenant(hub.pools.app, tenantId, (c) => insertCommands(c, tenantId, ['roll-1', 'roll-2', 'roll-1'].map((sensorId, i) => ({
    id: randomUUID(), sensorId, type: 'push_rules' as const, payload: { version: `r${i}` }, timeoutMs: 30_000, maxAttempts: 3, createdBy: 'rollout',
    createdAt: now, expiresAt: new Date(now.getTime() + 3_600_000), rolloutId,
  }))));
  const listed = (await api('GET', `/v1/commands?rollout=${rolloutId}`)).body.commands as { id: string; rollout_id: string }[];
  assert.deepEqual(listed.map((c) => c.id).sort(), made.map((c) => c.id).sort());
  assert.ok(listed.every((c) => c.rollout_id === rolloutId));
});

test("the SDK's sensor gets a queued command as a `command` event and its ackCommand closes it", async () => {
  await offline('sdk-edge');
  const sent = await send('sdk-edge', 'collect_diagnostics', { level: 'full' });
  const client = new SensorClient({ url: sensorUrl(hub.url), apiKey: hub.adminKey, sensorId: 'sdk-edge' });
  const got = new Promise<{ type: string; commandId: string; payload: unknown }>((resolve) => client.once('command', resolve));
  await client.connect();
  const c = await got;
  assert.deepEqual(c, { type: 'collect_diagnostics', commandId: sent.body.id, payload: { level: 'full' } });
  client.ackCommand(c.commandId, true, 'uploaded', { bytes: 1234 });
  const done = await statusBecomes(sent.body.id, 'succeeded');
  assert.deepEqual([done.message, done.result], ['uploaded', { bytes: 1234 }]);
  client.close();
});
