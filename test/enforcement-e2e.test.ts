// Detect → decide → enforce, end to end with the real programs: a FastNetMon ban and an Alertmanager alert for one victim
// put it in every connected sensor's blocklist, the custom bouncer's script calls and gobgpd's RIB; the attack's end
// (all sources ended, the default) removes it from all three, and not before.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SensorClient } from '../src/sdk/sensor-client.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';
import { gobgpdMissing, startGobgpd, type Gobgpd } from './helpers/gobgpd.ts';
import { called, customBouncerMissing, startCustomBouncer, type CustomBouncer } from './helpers/custom-bouncer.ts';
import { authedSensor, sensorUrl, type TestSensor } from './helpers/sensor.ts';
import { waitUntil } from './helpers/hub-process.ts';

const VICTIM = '10.0.0.5';
const ROUTE = `[destination: ${VICTIM}/32][protocol: ==udp]`;
const skip = gobgpdMissing() ?? customBouncerMissing();

let hub: TestHub;
let gobgpd: Gobgpd;
let bouncer: CustomBouncer;
let sdk: SensorClient;
let raw: TestSensor;

/** Resolves when the SDK sensor's local blocklist satisfies `check` (on its `blocklist` events, never a timer). */
const sdkUntil = (check: () => boolean) => new Promise<void>((resolve) => {
  if (check()) return resolve();
  const on = () => { if (check()) { sdk.off('blocklist', on); resolve(); } };
  sdk.on('blocklist', on);
});
/** The next blocklist-push the raw sensor receives, as [type, indicator] pairs. */
const nextPush = async () => (await raw.next('blocklist-push')).updates.map((u: any) => [u.type, u.indicator]);
const routed = async () => Object.keys(await gobgpd.rib('ipv4-flowspec')).includes(ROUTE);
const settleRouter = async () => { await hub.distribute.follower.caughtUp(); await hub.distribute.bgp!.settled(); };

describe('a corroborated block reaches sensors, a CrowdSec bouncer and routers, and leaves them when the attack ends', { skip }, () => {
  before(async () => {
    gobgpd = await startGobgpd();
    hub = await startTestHub({ gobgpAddr: gobgpd.address, gobgpMode: 'flowspec', reconcileIntervalMs: 3_600_000 });
    await waitUntil('the announcer lease', 10_000, async () => hub.distribute.bgp!.state() === 'ok');
    await putConfig(hub, shippedConfig());
    const tenantId = hub.bootstrap.tenantId;
    const sensorKey = (await hub.keys.createKey({ tenantId, scopes: ['signal:write'], name: 'edge sensors' })).key;
    const bouncerKey = (await hub.keys.createKey({ tenantId, scopes: ['blocklist:read'], name: 'firewall bouncer' })).key;
    bouncer = await startCustomBouncer(hub.url, bouncerKey);
    sdk = new SensorClient({ url: sensorUrl(hub.url), apiKey: sensorKey, sensorId: 'edge-sdk' });
    await sdk.connect();
    await sdk.blocklistReady();
    raw = await authedSensor(hub.url, sensorKey, { sensorId: 'edge-raw', capabilities: ['blocklist-push'] });
    raw.send({ type: 'blocklist-sync' });
    assert.deepEqual((await raw.next('blocklist-snapshot')).entries, []);
  });
  after(async () => {
    sdk?.close();
    raw?.close();
    await bouncer?.stop();
    await hub?.close();
    await gobgpd?.stop();
  });

  test('FastNetMon ban + Alertmanager alert: the victim is blocked by every target', async () => {
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan(VICTIM));
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    assert.deepEqual(await nextPush(), [['add', VICTIM]]);
    await sdkUntil(() => sdk.isBlocked(VICTIM));
    const [call] = (await bouncer.calls(called('add', VICTIM))).filter((l) => l[1] === VICTIM);
    assert.match(call![3]!, /fastnetmon/, 'the scenario carries the explanation');
    await settleRouter();
    assert.ok(await routed(), 'a FlowSpec discard rule for the victim in gobgpd');
  });

  test('the alert resolves while FastNetMon still sees the flood: the block stays everywhere', async () => {
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-resolved.json'));
    // A later change as a marker: once every target has it, anything the resolved alert caused has arrived before it.
    const marker = await hub.request('POST', '/v1/blocks', { key: hub.adminKey, body: { indicator: '192.0.2.200', ttl_seconds: 600, reason: 'marker' } });
    assert.equal(marker.status, 201, JSON.stringify(marker.body));
    assert.deepEqual(await nextPush(), [['add', '192.0.2.200']], 'no remove came before the marker');
    await sdkUntil(() => sdk.isBlocked('192.0.2.200'));
    assert.equal(sdk.isBlocked(VICTIM), true);
    const lines = await bouncer.calls(called('add', '192.0.2.200'));
    assert.equal(called('del', VICTIM)(lines), false);
    await settleRouter();
    assert.ok(await routed());
  });

  test('FastNetMon unbans: the victim leaves every target', async () => {
    await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: VICTIM, attack_details: {} });
    assert.deepEqual(await nextPush(), [['remove', VICTIM]]);
    await sdkUntil(() => !sdk.isBlocked(VICTIM));
    await bouncer.calls(called('del', VICTIM));
    await settleRouter();
    assert.equal(await routed(), false);
    const { body } = await hub.request('GET', `/v1/mitigations?indicator=${VICTIM}`, { key: hub.adminKey });
    assert.match(body.mitigations[0].end_reason, /^all sources ended: fastnetmon \(signal \d+\), alertmanager \(signal \d+\)$/);
  });
});
