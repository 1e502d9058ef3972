// End to end in a real browser: the Fleet page against a real hub and real WebSocket sensors — a sensor enrolled by a
// registration token waits under Pending approvals until an admin approves it there, and a command sent from the page
// reaches a connected sensor, which acknowledges it, and the page shows it succeeded; a canary rollout waits on its
// soak until an admin promotes it on the page, and the rest of the fleet gets the rules. Screenshots for docs/screenshots.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { createUser, launchBrowser, login, openPage, screenshot } from './helpers/browser.ts';
import { TestSensor, authMessage, authedSensor, sensorUrl } from './helpers/sensor.ts';

let hub: TestHub;
let browser: Browser;
const PASSWORD = 'correct horse battery staple';
const sensors: TestSensor[] = [];
/** The connected, approved sensor of the command test; the rollout test uses it as its canary. */
let fra1: TestSensor | null = null;

const heartbeat = (status = 'healthy') => ({
  type: 'heartbeat',
  payload: { timestamp: Date.now(), status, cpu: 21, memory: 48, disk: 37, requestsLastMinute: 1200, avgLatencyMs: 3.1, configHash: 'cfg-7f3a', rulesHash: 'rules-19c2', blocklistVersion: 0 },
});

before(async () => {
  hub = await startTestHub();
  browser = await launchBrowser();
  await createUser(hub, 'ada', PASSWORD, 'admin');
});
after(async () => {
  for (const s of sensors) s.close();
  await browser?.close();
  await hub?.close();
});

describe('the Fleet page', () => {
  test('a sensor enrolled by a token shows under Pending approvals, and an admin approves it there', async () => {
    const token = await hub.request('POST', '/v1/sensors/registration-tokens', {
      key: hub.adminKey, body: { name: 'Frankfurt rollout', maxUses: 5, expiresAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    const pending = new TestSensor(sensorUrl(hub.url));
    sensors.push(pending);
    await pending.opened;
    pending.send(authMessage('', { apiKey: undefined, registrationToken: token.body.token, sensorId: 'edge-fra-2', sensorName: 'Frankfurt edge 2' }));
    assert.equal((await pending.next('auth-success')).approvalStatus, 'PENDING');

    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.goto('/fleet/approvals');
    const approve = page.getByRole('button', { name: 'Approve Frankfurt edge 2' });
    await approve.waitFor();
    await screenshot(page, 'fleet-approvals');
    await approve.click();
    await page.getByRole('status').filter({ hasText: 'edge-fra-2 approved.' }).waitFor();
    await page.getByText('No sensor waits for approval.').waitFor();
    assert.equal((await hub.request('GET', '/v1/sensors/edge-fra-2', { key: hub.adminKey })).body.approval_status, 'approved');
    await page.goto('/fleet/sensors?approval=approved');
    const row = page.getByRole('table', { name: 'Sensors' }).getByRole('row').filter({ hasText: 'edge-fra-2' });
    await row.getByText('approved', { exact: true }).waitFor();
    await page.context().close();
  });

  test('a command sent from the page reaches a connected sensor, which acknowledges it, and the page shows succeeded', async () => {
    const s = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-fra-1', sensorName: 'Frankfurt edge 1' });
    sensors.push(s);
    fra1 = s;
    s.send(heartbeat());
    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.goto('/fleet/sensors');
    await page.getByRole('table', { name: 'Sensors' }).getByRole('row').filter({ hasText: 'edge-fra-1' }).getByText('healthy', { exact: true }).waitFor();
    await screenshot(page, 'fleet');

    await page.goto('/fleet/commands');
    const form = page.getByRole('form', { name: 'Send a command' });
    await form.getByRole('option', { name: 'Frankfurt edge 1 (edge-fra-1)' }).waitFor({ state: 'attached' });
    await form.getByLabel('Sensor', { exact: true }).selectOption('edge-fra-1');
    await form.getByLabel('Command', { exact: true }).selectOption('collect_diagnostics');
    await form.getByRole('button', { name: 'Send command' }).click();
    const cmd = await s.next('collect_diagnostics', 15_000);
    assert.match(cmd.commandId, /^[0-9a-f-]{36}$/);
    s.send({ type: 'command-ack', payload: { commandId: cmd.commandId, success: true, message: 'diagnostics collected', result: { uptimeSeconds: 86400 } } });
    const row = page.getByRole('table', { name: 'Commands' }).getByRole('row').filter({ hasText: 'edge-fra-1' });
    await row.getByText('succeeded', { exact: true }).waitFor();
    await row.getByText('diagnostics collected').waitFor();
    await screenshot(page, 'fleet-commands');
    const stored = await hub.request('GET', `/v1/commands/${cmd.commandId}`, { key: hub.adminKey });
    assert.equal(stored.body.status, 'succeeded');
    await page.context().close();
  });

  test('a canary rollout shows its canary applied, an admin promotes it on the page, and the rest of the fleet gets the rules', async () => {
    const rest = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-ams-1', sensorName: 'Amsterdam edge 1' });
    sensors.push(rest);
    const canary = fra1 ?? await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-fra-1' });
    /** Applies every push_rules the sensor gets: acks it and reports the bundle's hash in a heartbeat. */
    const applies = (s: TestSensor) => void (async () => {
      const m = await s.next('push_rules', 30_000);
      s.send({ type: 'command-ack', payload: { commandId: m.commandId, success: true, message: `rules ${m.payload.version} loaded` } });
      s.send({ ...heartbeat(), payload: { ...heartbeat().payload, rulesHash: m.payload.hash } });
    })();
    applies(canary);
    applies(rest);
    const upload = await hub.request('POST', '/v1/rule-bundles', { key: hub.adminKey, body: { version: 'waf-2026.12.03', document: { rules: [{ id: 'r1', pattern: '/wp-login.php' }] } } });
    assert.equal(upload.status, 201, JSON.stringify(upload.body));
    const created = await hub.request('POST', '/v1/rollouts', {
      key: hub.adminKey,
      body: { kind: 'rules', version: 'waf-2026.12.03', strategy: 'canary', targets: { sensorIds: ['edge-fra-1', 'edge-ams-1'] }, canary: { sensorIds: ['edge-fra-1'], soakSeconds: 3600 } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.goto('/fleet/rollouts');
    await page.getByRole('button', { name: 'Rollout rules waf-2026.12.03' }).click();
    const sensorsOf = page.getByRole('table', { name: 'Sensors of rollout waf-2026.12.03' });
    await sensorsOf.getByRole('row').filter({ hasText: 'edge-fra-1' }).getByText('applied', { exact: true }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'fleet-rollouts');
    await page.getByRole('button', { name: 'Promote rollout waf-2026.12.03' }).click();
    await sensorsOf.getByRole('row').filter({ hasText: 'edge-ams-1' }).getByText('applied', { exact: true }).waitFor({ timeout: 20_000 });
    const done = await hub.request('GET', `/v1/rollouts/${created.body.id}`, { key: hub.adminKey });
    assert.equal(done.body.sensors.find((x: { sensor_id: string }) => x.sensor_id === 'edge-ams-1').status, 'applied');
    await page.context().close();
  });
});
