// The SDK's fleet side: enrolment by registration token (pending → approved), the command handler API with its acks,
// pushed config and rule documents reported in heartbeats. Real hub for enrolment; a scripted protocol peer for commands.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { WebSocketServer, type WebSocket } from 'ws';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { aThreat } from './helpers/sensor.ts';
import { SensorClient, contentHash, type AckEvent, type CommandAck, type PushedDocument } from '../src/index.ts';
import { inShare, simulatedSensor } from '../src/sdk/simulated-sensor.ts';

let hub: TestHub;
before(async () => { hub = await startTestHub({ signalBatchTimeoutMs: 20 }); });
after(async () => { await hub.close(); });

const wsUrl = () => hub.url.replace(/^http/, 'ws') + '/ws/sensors';
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();

async function registrationToken(autoApprove = false): Promise<string> {
  const res = await hub.request('POST', '/v1/sensors/registration-tokens', { key: hub.adminKey, body: { maxUses: 5, expiresAt: inADay(), autoApprove } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.token;
}

describe('SensorClient enrolment by registration token', () => {
  test('a sensor enrolled by a token is pending with signals only, sends no blocklist-sync, and learns of its approval on its next auth', async () => {
    const c = new SensorClient({ url: wsUrl(), registrationToken: await registrationToken(), sensorId: 'sdk-token-1', flushIntervalMs: 5, pendingRecheckMs: 0 });
    const errors: { code: string }[] = [];
    c.on('server-error', (e) => errors.push(e));
    const approvals: unknown[] = [];
    c.on('approval', (a) => approvals.push(a));
    await c.connect();
    assert.equal(c.approvalStatus, 'pending');
    assert.deepEqual(c.capabilities, ['signal']);
    // A pending sensor's signals are stored; a blocklist-sync would have been answered FORBIDDEN before this ack.
    c.send(aThreat());
    const ack = await new Promise<AckEvent>((r) => c.once('ack', r));
    assert.equal(ack.stored, 1);
    assert.deepEqual(errors, []);
    assert.equal(c.blocklistState.version, null);

    assert.equal((await hub.request('POST', '/v1/sensors/sdk-token-1/approve', { key: hub.adminKey })).status, 200);
    const approved = once(c, 'approval');
    c.reconnect();
    assert.deepEqual((await approved)[0], { status: 'approved', capabilities: ['signal', 'blocklist-sync', 'command'] });
    await c.blocklistReady(10_000);
    assert.deepEqual(approvals.map((a) => (a as { status: string }).status), ['pending', 'approved']);
    c.close();
  });

  test('an apiKey beginning sh_reg_ enrols like a registration token, and a pending sensor re-authenticates by itself to learn of its approval', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: await registrationToken(), sensorId: 'sdk-token-2', pendingRecheckMs: 100, reconnectBaseMs: 20 });
    await c.connect();
    assert.equal(c.approvalStatus, 'pending');
    const approved = once(c, 'approval');
    assert.equal((await hub.request('POST', '/v1/sensors/sdk-token-2/approve', { key: hub.adminKey })).status, 200);
    assert.equal((await approved)[0].status, 'approved');
    assert.equal(c.approvalStatus, 'approved');
    c.close();
  });

  test('a token that auto-approves enrols the sensor approved at once', async () => {
    const c = new SensorClient({ url: wsUrl(), registrationToken: await registrationToken(true), sensorId: 'sdk-token-3' });
    await c.connect();
    assert.equal(c.approvalStatus, 'approved');
    await c.blocklistReady(10_000);
    c.close();
  });

  test('refuses to be built without a key or a token', () => {
    assert.throws(() => new SensorClient({ url: wsUrl(), sensorId: 'x' }), /apiKey or registrationToken is required/);
  });
});

/** A protocol peer that authenticates every sensor and records what it sends; the test drives it command by command. */
class ScriptedHub {
  readonly wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  readonly received: { type: string; payload?: any }[] = [];
  socket: WebSocket | null = null;
  approvalStatus = 'approved';
  private waiters: { match(m: { type: string; payload?: any }): boolean; resolve(m: any): void }[] = [];

  constructor() {
    this.wss.on('connection', (ws) => {
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { type: string; payload?: any };
        if (m.type === 'auth') {
          this.socket = ws;
          const pending = this.approvalStatus === 'PENDING';
          ws.send(JSON.stringify({ type: 'auth-success', sensorId: m.payload.sensorId, tenantId: 't', protocolVersion: '1.0', approvalStatus: this.approvalStatus, capabilities: pending ? ['signal'] : ['signal', 'blocklist-sync', 'command'] }));
        }
        if (m.type === 'blocklist-sync') ws.send(JSON.stringify({ type: 'blocklist-snapshot', entries: [], version: 0, sequenceId: 1 }));
        this.received.push(m);
        const i = this.waiters.findIndex((w) => w.match(m));
        if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(m);
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as { port: number }).port}/ws/sensors`;
  }

  send(msg: unknown): void {
    this.socket!.send(JSON.stringify(msg));
  }

  /** The next message matching, from now on. */
  next<T = any>(match: (m: { type: string; payload?: any }) => boolean, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nothing matching within ${timeoutMs} ms; received ${JSON.stringify(this.received.map((m) => m.type))}`)), timeoutMs);
      this.waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });
  }

  /** Sends a command and resolves with its ack's payload. */
  async command(type: string, commandId: string, payload?: unknown): Promise<CommandAck> {
    const ack = this.next((m) => m.type === 'command-ack' && m.payload.commandId === commandId);
    this.send({ type, commandId, ...(payload === undefined ? {} : { payload }) });
    return (await ack).payload;
  }

  heartbeatWith(field: string, value: string): Promise<{ payload: Record<string, unknown> }> {
    return this.next((m) => m.type === 'heartbeat' && m.payload[field] === value);
  }

  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return new Promise((r) => this.wss.close(() => r()));
  }
}

describe('SensorClient commands', () => {
  let peer: ScriptedHub;
  let c: SensorClient;
  before(async () => {
    peer = new ScriptedHub();
    await once(peer.wss, 'listening');
  });
  after(async () => { c?.close(); await peer.close(); });

  test('runs the handler of a command and acks success with its result, or failure with the message it threw', async () => {
    c = new SensorClient({ url: peer.url, apiKey: 'qk_test', sensorId: 'cmd-1', reconnectBaseMs: 20 });
    const payloads: unknown[] = [];
    c.onCommand('collect_diagnostics', async (payload, command) => {
      payloads.push([payload, command]);
      return { uptimeSeconds: 42 };
    });
    c.onCommand('restart', () => { throw new Error('restart refused: draining'); });
    c.onCommand('toggle_mtd', () => 'on');
    await c.connect();
    assert.deepEqual(await peer.command('collect_diagnostics', 'c-1', { depth: 2 }), { commandId: 'c-1', success: true, result: { uptimeSeconds: 42 } });
    assert.deepEqual(payloads, [[{ depth: 2 }, { type: 'collect_diagnostics', commandId: 'c-1' }]]);
    assert.deepEqual(await peer.command('restart', 'c-2', {}), { commandId: 'c-2', success: false, message: 'restart refused: draining' });
    assert.deepEqual(await peer.command('toggle_mtd', 'c-3'), { commandId: 'c-3', success: true, result: { value: 'on' } });
  });

  test('acks a command type without a handler as failed, saying so', async () => {
    assert.deepEqual(await peer.command('update', 'c-4', { version: '2.0.0' }), { commandId: 'c-4', success: false, message: 'this sensor has no handler for update commands' });
  });

  test('leaves a command without a handler to the application when it listens for commands, and remembers its answer', async () => {
    const heard: unknown[] = [];
    const listener = (m: { commandId: string }) => {
      heard.push(m);
      c.ackCommand(m.commandId, true, 'updated by hand', { version: '2.0.1' });
    };
    c.on('command', listener);
    const expected = { commandId: 'c-4b', success: true, message: 'updated by hand', result: { version: '2.0.1' } };
    assert.deepEqual(await peer.command('update', 'c-4b', { version: '2.0.1' }), expected);
    assert.deepEqual(await peer.command('update', 'c-4b', { version: '2.0.1' }), expected);
    assert.deepEqual(heard, [{ type: 'update', commandId: 'c-4b', payload: { version: '2.0.1' } }]);
    c.off('command', listener);
  });

  test('a command taken by a once() listener is left to the application, which answers it later, once', async () => {
    const taken = new Promise<{ commandId: string }>((resolve) => c.once('command', resolve));
    peer.send({ type: 'update', commandId: 'c-4c', payload: { version: '2.0.2' } });
    const m = await taken;
    // A later command is answered first: any ack of c-4c the SDK sent by itself would be in before this one.
    c.onCommand('toggle_chaos', () => 'off');
    assert.equal((await peer.command('toggle_chaos', 'c-4d')).success, true);
    const answered = peer.next((x) => x.type === 'command-ack' && x.payload.commandId === 'c-4c');
    c.ackCommand(m.commandId, true, 'updated later');
    assert.deepEqual((await answered).payload, { commandId: 'c-4c', success: true, message: 'updated later' });
    assert.equal(peer.received.filter((x) => x.type === 'command-ack' && x.payload.commandId === 'c-4c').length, 1);
  });

  test('answers a command id it has handled again from memory, without running it twice, also while the first run is going', async () => {
    let runs = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    c.onCommand('sync_blocklist', async () => { runs++; await gate; return { runs }; });
    const first = peer.next((m) => m.type === 'command-ack' && m.payload.commandId === 'c-5');
    peer.send({ type: 'sync_blocklist', commandId: 'c-5', payload: {} });
    // Re-sent while the first run waits (a hub timeout): it must not start a second run.
    peer.send({ type: 'sync_blocklist', commandId: 'c-5', payload: {} });
    const commands: string[] = [];
    const sixth = new Promise<void>((resolve) => c.on('command', (m: { commandId: string }) => { commands.push(m.commandId); if (m.commandId === 'c-6') resolve(); }));
    peer.send({ type: 'toggle_mtd', commandId: 'c-6', payload: {} });
    await sixth;
    c.removeAllListeners('command');
    // Frames arrive in order: both c-5 frames were taken before c-6, and the application heard of c-5 once.
    assert.deepEqual(commands, ['c-5', 'c-6']);
    release();
    assert.deepEqual((await first).payload, { commandId: 'c-5', success: true, result: { runs: 1 } });
    assert.deepEqual(await peer.command('sync_blocklist', 'c-5', {}), { commandId: 'c-5', success: true, result: { runs: 1 } });
    assert.equal(runs, 1);
  });

  test('sends an answer that found the socket closed after the next auth', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    c.onCommand('toggle_chaos', async () => { await gate; return { chaos: false }; });
    const started = once(c, 'command');
    peer.send({ type: 'toggle_chaos', commandId: 'c-7', payload: {} });
    await started;
    const disconnected = once(c, 'disconnected');
    peer.socket!.terminate();
    await disconnected;
    const delivered = peer.next((m) => m.type === 'command-ack' && m.payload.commandId === 'c-7');
    const acked = once(c, 'command-acked');
    release();
    await acked;
    assert.deepEqual((await delivered).payload, { commandId: 'c-7', success: true, result: { chaos: false } });
  });

  test('sends an answer again when the hub refuses it with a retryable code, and not when the refusal is final', async () => {
    c.onCommand('toggle_mtd', () => ({ enabled: true }));
    const first = peer.next((m) => m.type === 'command-ack' && m.payload.commandId === 'c-12');
    peer.send({ type: 'toggle_mtd', commandId: 'c-12', payload: {} });
    const refused = await first;
    assert.equal(typeof refused.id, 'string');
    const again = peer.next((m) => m.type === 'command-ack' && m.payload.commandId === 'c-12');
    peer.send({ type: 'error', id: refused.id, code: 'DATABASE_UNAVAILABLE', error: 'the database is unavailable; nothing was stored, retry later', retryAfterMs: 10 });
    const resent = await again;
    assert.deepEqual(resent.payload, { commandId: 'c-12', success: true, result: { enabled: true } });
    assert.notEqual(resent.id, refused.id);
    // A final refusal (the command was closed meanwhile) is only reported: the next frame is the next command's answer.
    const errors = once(c, 'server-error');
    peer.send({ type: 'error', id: resent.id, code: 'NOT_FOUND', error: 'command c-12 is not an open command of this sensor; nothing changed' });
    await errors;
    const next = peer.next((m) => m.type === 'command-ack');
    peer.send({ type: 'toggle_mtd', commandId: 'c-13', payload: {} });
    assert.equal((await next).payload.commandId, 'c-13');
  });

  test('hands a pushed rule bundle to onRules and reports the hash the hub sent in its heartbeats', async () => {
    const docs: PushedDocument[] = [];
    c.onRules((doc) => { docs.push(doc); });
    const hash = contentHash({ rules: [{ id: 1 }] }).hash;
    const beat = peer.heartbeatWith('rulesHash', hash);
    assert.deepEqual(await peer.command('push_rules', 'c-8', { version: 'r-2', hash, rules: { rules: [{ id: 1 }] } }), { commandId: 'c-8', success: true });
    assert.deepEqual(docs, [{ kind: 'rules', version: 'r-2', hash, document: { rules: [{ id: 1 }] }, via: 'command' }]);
    assert.equal((await beat).payload.rulesHash, hash);
    assert.deepEqual(c.applied.rules, { version: 'r-2', hash });
  });

  test('acks a config its handler refuses as failed and keeps reporting the hash applied before', async () => {
    c.onConfig((doc) => { if ((doc.document as { bad?: boolean }).bad) throw new Error('config refused: bad is set'); });
    assert.equal((await peer.command('push_config', 'c-9', { version: 'v1', hash: 'h1', config: { bad: false } })).success, true);
    assert.deepEqual(await peer.command('push_config', 'c-10', { version: 'v2', hash: 'h2', config: { bad: true } }), { commandId: 'c-10', success: false, message: 'config refused: bad is set' });
    assert.deepEqual(await peer.command('push_config', 'c-11', { version: 'v3', config: {} }), { commandId: 'c-11', success: false, message: 'payload.hash must be a non-empty string' });
    assert.deepEqual(c.applied.config, { version: 'v1', hash: 'h1' });
    const beat = peer.heartbeatWith('configHash', 'h1');
    c.reconnect();
    assert.equal((await beat).payload.rulesHash, contentHash({ rules: [{ id: 1 }] }).hash);
  });

  test('hands a config_push message to onConfig with the SHA-256 of its canonical JSON as the hash', async () => {
    const applied = once(c, 'applied');
    const config = { b: [1, { y: 2, x: 1 }], a: 'é' };
    peer.send({ type: 'config_push', ts: Date.now(), payload: { config, version: 7 } });
    assert.deepEqual((await applied)[0], { kind: 'config', version: '7', hash: contentHash({ a: 'é', b: [1, { x: 1, y: 2 }] }).hash, via: 'config_push' });
    const refused = once(c, 'config-refused');
    peer.send({ type: 'config_push', ts: Date.now(), payload: { version: 8 } });
    assert.deepEqual((await refused)[0], { version: 8, error: 'payload.config must be an object' });
    // The canonical text: keys sorted at every depth, no whitespace, arrays in order.
    assert.equal(c.applied.config!.hash, createHash('sha256').update('{"a":"é","b":[1,{"x":1,"y":2}]}').digest('hex'));
    c.close();
  });

  test('sends no blocklist-sync while pending', async () => {
    peer.approvalStatus = 'PENDING';
    const p = new SensorClient({ url: peer.url, apiKey: 'qk_test', sensorId: 'cmd-pending', pendingRecheckMs: 0 });
    const syncs = () => peer.received.filter((m) => m.type === 'blocklist-sync').length;
    const before = syncs();
    await p.connect();
    assert.equal(p.approvalStatus, 'pending');
    p.requestBlocklist();
    p.send(aThreat());
    p.flush();
    // Frames arrive in order: by the time the batch is in, a sync sent at auth or by requestBlocklist() would be too.
    await peer.next((m) => m.type === 'signal-batch');
    assert.equal(syncs(), before);
    p.close();
  });
});

describe('SensorClient commands through the hub', () => {
  /** Reads the command until it is finished (the hub records the ack after the sensor sent it). */
  async function finished(id: string): Promise<any> {
    for (let i = 0; i < 500; i++) {
      const res = await hub.request('GET', `/v1/commands/${id}`, { key: hub.adminKey });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      if (res.body.finished_at !== null) return res.body;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`command ${id} not finished within 5 s`);
  }

  test('a command posted for a sensor runs its handler once and the API reports the result; a refusal and an unknown type are failed with the message', async () => {
    const c = new SensorClient({ url: wsUrl(), apiKey: hub.adminKey, sensorId: 'sdk-e2e' });
    const runs: unknown[] = [];
    c.onCommand('collect_diagnostics', (payload) => { runs.push(payload); return { uptimeSeconds: 7 }; });
    c.onCommand('restart', () => { throw new Error('restart refused: draining'); });
    await c.connect();
    const send = async (type: string, payload: unknown) => {
      const acked = new Promise<void>((resolve) => c.on('command-acked', (a: CommandAck & { type: string }) => { if (a.type === type) resolve(); }));
      const res = await hub.request('POST', '/v1/sensors/sdk-e2e/commands', { key: hub.adminKey, body: { type, payload } });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      await acked;
      return finished(res.body.id);
    };
    const ok = await send('collect_diagnostics', { depth: 1 });
    assert.deepEqual([ok.status, ok.result, ok.attempts], ['succeeded', { uptimeSeconds: 7 }, 1]);
    assert.deepEqual(runs, [{ depth: 1 }]);
    const refused = await send('restart', {});
    assert.deepEqual([refused.status, refused.message], ['failed', 'restart refused: draining']);
    const unknown = await send('toggle_chaos', { enabled: true });
    assert.deepEqual([unknown.status, unknown.message], ['failed', 'this sensor has no handler for toggle_chaos commands']);
    c.close();
  });

  test('a fleet-wide push_rules reaches a simulated fleet: the failing share acks failed, the others apply it and report its hash', async (t) => {
    const rules = { rules: [{ id: 'r1', match: 'path', value: '/admin' }] };
    const hash = contentHash(rules).hash;
    const url = wsUrl();
    const fleet = Array.from({ length: 5 }, (_, k) => simulatedSensor({ url, apiKey: hub.adminKey, sensorId: `sim-e2e-${k + 1}`, failPushes: inShare(k + 1, 0.2) }));
    // Closed whatever happens: a failed assertion once left the fleet connected and the test file never exited.
    t.after(() => { for (const c of fleet) c.close(); });
    await Promise.all(fleet.map((c) => c.connect()));
    const beats = fleet.filter((_, k) => !inShare(k + 1, 0.2)).map((c) => new Promise<void>((resolve) => c.on('applied', () => resolve())));
    const res = await hub.request('POST', '/v1/commands', { key: hub.adminKey, body: { type: 'push_rules', payload: { version: 'r-1', hash, rules }, selector: { sensorIds: fleet.map((c) => c.sensorId) } } });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    await Promise.all(beats);
    const outcomes = await Promise.all(res.body.commands.map((cmd: { id: string }) => finished(cmd.id)));
    assert.deepEqual(outcomes.map((o) => [o.sensor_id, o.status]).sort(), [['sim-e2e-1', 'succeeded'], ['sim-e2e-2', 'succeeded'], ['sim-e2e-3', 'succeeded'], ['sim-e2e-4', 'succeeded'], ['sim-e2e-5', 'failed']]);
    assert.match(outcomes.find((o) => o.sensor_id === 'sim-e2e-5').message, /simulated failure/);
    // The applied hash reaches the hub's sync state through the heartbeat sent right after applying.
    for (let i = 0; i < 500; i++) {
      const { rows } = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM sensor_sync_state WHERE sensor_id LIKE 'sim-e2e-%' AND reported_rules_hash = $1", [hash]);
      if (rows[0].n === 4) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const { rows } = await hub.db.pools.owner.query("SELECT sensor_id FROM sensor_sync_state WHERE sensor_id LIKE 'sim-e2e-%' AND reported_rules_hash = $1 ORDER BY sensor_id", [hash]);
    assert.deepEqual(rows.map((r) => r.sensor_id), ['sim-e2e-1', 'sim-e2e-2', 'sim-e2e-3', 'sim-e2e-4']);
  });
});
