// The real CrowdSec custom bouncer (Debian's crowdsec-custom-bouncer) pointed at a test hub with its own config file in a
// temp dir: corroborated and manual blocks reach its script as `add`, their withdrawal as `del`. Never touches /etc.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';
import { called as has, customBouncerMissing, startCustomBouncer, type CustomBouncer } from './helpers/custom-bouncer.ts';

const skip = customBouncerMissing();

let hub: TestHub;
let bouncer: CustomBouncer;
const scriptCalls = (done: (lines: string[][]) => boolean) => bouncer.calls(done);

describe('crowdsec-custom-bouncer against the hub', { skip }, () => {
  before(async () => {
    hub = await startTestHub();
    const key = (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: ['blocklist:read'], name: 'custom bouncer' })).key;
    await putConfig(hub, shippedConfig());
    const m = await hub.request('POST', '/v1/mitigations', { key: hub.adminKey, body: { indicator: '10.77.0.1', ttl_seconds: 3600, reason: 'there before the bouncer started' } });
    assert.equal(m.status, 201);
    bouncer = await startCustomBouncer(hub.url, key);
  });
  after(async () => {
    await bouncer?.stop();
    await hub?.close();
  });

  test('at startup, a block already in force reaches the script as add, with its seconds left and the decision JSON', async () => {
    const lines = await scriptCalls(has('add', '10.77.0.1'));
    const call = lines.find((l) => l[1] === '10.77.0.1')!;
    assert.ok(Number(call[2]) > 3500 && Number(call[2]) <= 3600, call[2]);
    assert.match(call[3]!, /there before the bouncer started/);
    const decision = JSON.parse(call.slice(4).join('|'));
    assert.deepEqual([decision.scope, decision.type, decision.value, decision.origin], ['Ip', 'ban', '10.77.0.1', 'manual']);
  });

  test('a corroborated block (FastNetMon ban + Alertmanager alert) is added, and its end deleted', async () => {
    await post(hub, '/v1/signals/fastnetmon', fastnetmonBan('10.0.0.5', {}, { attack_uuid: 'bouncer-1' }));
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-firing.json'));
    const added = await scriptCalls(has('add', '10.0.0.5'));
    assert.match(added.find((l) => l[1] === '10.0.0.5')![3]!, /fastnetmon/);
    await post(hub, '/v1/signals/fastnetmon', { action: 'unban', ip: '10.0.0.5', attack_details: {} });
    await post(hub, '/v1/signals/alertmanager', fixtureJson('alertmanager/webhook-resolved.json'));
    await scriptCalls(has('del', '10.0.0.5'));
  });

  test('a manual block and a range reach the script as add; withdrawing them, as del', async () => {
    const one = (await hub.request('POST', '/v1/mitigations', { key: hub.adminKey, body: { indicator: '10.78.0.9', ttl_seconds: 600, reason: 'manual' } })).body.mitigation;
    const range = (await hub.request('POST', '/v1/mitigations', { key: hub.adminKey, body: { indicator: '10.79.0.0/24', ttl_seconds: 600, reason: 'manual range' } })).body.mitigation;
    await scriptCalls((l) => has('add', '10.78.0.9')(l) && has('add', '10.79.0.0/24')(l));
    for (const m of [one, range]) await hub.request('POST', `/v1/mitigations/${m.id}/withdraw`, { key: hub.adminKey, body: { reason: 'test over' } });
    const lines = await scriptCalls((l) => has('del', '10.78.0.9')(l) && has('del', '10.79.0.0/24')(l));
    assert.equal(lines.filter((l) => l[1] === '10.78.0.9' && l[0] === 'add').length, 1, 'added once');
  });

  test('the hub lists the bouncer with its user agent and a version that follows the feed', async () => {
    const res = await hub.request('GET', '/v1/bouncers', { key: hub.adminKey });
    const b = res.body.bouncers.find((x: any) => x.user_agent.startsWith('crowdsec-custom-bouncer/'));
    assert.ok(b, JSON.stringify(res.body));
    assert.ok(b.pulls >= 2);
    assert.ok(res.body.version - b.version <= 1);
  });
});
