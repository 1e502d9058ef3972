// End to end in Chromium against a real hub: a FastNetMon ban and a corroborating Alertmanager alert posted over HTTP
// make a mitigation appear on the open page without a reload; its explanation, withdrawal (it leaves the Blocks page
// live), a viewer's missing button and the API's refusal, and the replay diff of a candidate policy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { createUser, launchBrowser, openPage, screenshot } from './helpers/browser.ts';
import { fastnetmonBan, fixtureJson, post, putConfig, shippedConfig } from './helpers/correlation.ts';

const WAIT = { timeout: 15_000 };

let hub: TestHub;
let browser: Browser;

before(async () => {
  hub = await startTestHub();
  browser = await launchBrowser();
  await putConfig(hub, shippedConfig());
});
after(async () => { await browser?.close(); await hub?.close(); });

type Role = 'viewer' | 'responder' | 'admin';

let users = 0;

/** A page signed in, through the login form, as a new user of the hub's default tenant with `role`. */
async function signIn(role: Role): Promise<{ context: BrowserContext; page: Page }> {
  const username = `${role}-${++users}`;
  const password = 'correct horse battery staple';
  await createUser(hub, username, password, role);
  const page = await openPage(browser, hub);
  await page.goto('/login');
  // Not the harness's login(): its exact 'Password' label misses Mantine's required field, labelled "Password *".
  await page.getByLabel('Username').fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: `Account of ${username}` }).waitFor(WAIT);
  return { context: page.context(), page };
}

const shot = async (page: Page, name: string) => { await screenshot(page, name); };

/** The ban and the corroborating alert of docs/correlation.md, posted over HTTP with the admin key. */
async function corroboratedAttack(ip: string): Promise<void> {
  assert.equal((await post(hub, '/v1/signals/fastnetmon', fastnetmonBan(ip))).status, 200);
  const alert = fixtureJson('alertmanager/webhook-firing.json');
  alert.alerts[0].labels.victim_ip = ip;
  assert.equal((await post(hub, '/v1/signals/alertmanager', alert)).status, 200);
}

describe('the mitigation pages in a real browser', () => {
  test('a corroborated attack appears on the open Mitigations page without a reload, explained, and its withdrawal empties the Blocks page live', async () => {
    const { context, page } = await signIn('responder');
    await page.goto(`/mitigations`);
    await page.getByText('No active mitigations.').waitFor(WAIT);
    const blocks = await context.newPage();
    await blocks.goto(`/blocks`);
    await blocks.getByText('No active block.').waitFor(WAIT);

    await corroboratedAttack('10.0.0.5');
    const row = page.getByRole('table', { name: 'Mitigations' }).getByRole('link', { name: '10.0.0.5/32' });
    await row.waitFor(WAIT);
    await blocks.getByRole('table', { name: 'Active blocks' }).getByRole('link', { name: '10.0.0.5/32' }).waitFor(WAIT);
    await shot(page, 'mitigations');
    await shot(blocks, 'blocks');

    await row.click();
    await page.getByLabel('Explanation').waitFor(WAIT);
    assert.equal(await page.getByLabel('Explanation').textContent(),
      'Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)');
    await page.getByLabel('Incident report', { exact: true }).getByRole('heading', { name: 'Incident report: block 10.0.0.5/32' }).waitFor(WAIT);
    await shot(page, 'mitigation-detail');

    await page.getByRole('link', { name: 'ddos_by_victim' }).click();
    await page.getByRole('img', { name: /Gate: 2 distinct sources \(min 2\)/ }).waitFor(WAIT);
    assert.match(await page.getByRole('table', { name: 'Sources of the group' }).textContent() ?? '', /fastnetmon.*0\.90.*1\.0.*alertmanager.*0\.90.*0\.8/);
    await shot(page, 'group-detail');
    await page.goBack();

    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByLabel('Reason').fill('false positive');
    await page.getByRole('button', { name: 'Confirm withdraw' }).click();
    await blocks.getByText('No active block.').waitFor(WAIT);
    await page.getByText('withdrawn', { exact: true }).first().waitFor(WAIT);
    const list = await hub.request('GET', '/v1/mitigations?status=withdrawn', { key: hub.adminKey });
    assert.match(list.body.mitigations[0].end_reason, /false positive$/);
    await context.close();
  });

  test('a viewer sees no Withdraw button, and the API refuses the viewer a withdrawal anyway', async () => {
    const made = await hub.request('POST', '/v1/blocks', { key: hub.adminKey, body: { indicator: '203.0.113.7', ttl_seconds: 3600, reason: 'scanner' } });
    assert.equal(made.status, 201);
    const id = made.body.block.id as string;
    const { context, page } = await signIn('viewer');
    await page.goto(`/mitigations/${id}`);
    await page.getByLabel('Explanation').waitFor(WAIT);
    assert.equal(await page.getByRole('button', { name: 'Withdraw' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Extend' }).count(), 0);
    await page.goto(`/blocks`);
    await page.getByRole('table', { name: 'Active blocks' }).getByRole('link', { name: '203.0.113.7/32' }).waitFor(WAIT);
    assert.equal(await page.getByRole('button', { name: /^Remove/ }).count(), 0);

    // The same call the button would make, with the viewer's own cookie and CSRF token.
    const csrf = (await context.cookies()).find((c) => c.name === 'quorum_csrf')?.value ?? '';
    const status = await page.evaluate(async ([mid, token]) => {
      const res = await fetch(`/v1/mitigations/${mid}/withdraw`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token! }, body: '{"reason":"no"}' });
      return res.status;
    }, [id, csrf]);
    assert.equal(status, 403);
    assert.equal((await hub.request('GET', `/v1/mitigations/${id}`, { key: hub.adminKey })).body.status, 'active');
    await context.close();
  });

  test('the replay of a candidate that safelists the victim shows the block changed into a refusal, before anything is saved', async () => {
    await corroboratedAttack('10.0.0.9');
    const { context, page } = await signIn('admin');
    await page.goto(`/correlation/config`);
    const overrides = page.getByLabel(/The tenant's overrides/);
    await overrides.waitFor(WAIT);
    await overrides.fill(JSON.stringify({ ...shippedConfig(), guardrails: { safelist: ['10.0.0.9/32'] } }, null, 2));
    await page.getByRole('button', { name: 'Replay the candidate' }).click();
    const diff = page.getByRole('table', { name: 'Replay differences' });
    await diff.waitFor(WAIT);
    const changed = diff.getByRole('row').filter({ hasText: 'changed' }).filter({ hasText: '10.0.0.9/32' });
    assert.equal(await changed.count(), 1);
    assert.match(await changed.textContent() ?? '', /block 10\.0\.0\.9\/32 \(0\.90\)rejected 10\.0\.0\.9\/32: safelisted/);
    await shot(page, 'correlation-replay');
    const policy = await hub.request('GET', '/v1/config/correlation', { key: hub.adminKey });
    assert.deepEqual(policy.body.config.guardrails.safelist ?? [], [], 'a replay saves nothing');
    const version = policy.body.version;

    await page.getByLabel(/Minimum sources/).fill('0');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    // The hub's refusal is shown at the field it names, and nothing is saved.
    await page.getByLabel(/Minimum sources/).and(page.locator('[aria-invalid="true"]')).waitFor(WAIT);
    assert.equal((await hub.request('GET', '/v1/config/correlation', { key: hub.adminKey })).body.version, version);
    await context.close();
  });

  test('the Correlation tabs and a group are deep links', async () => {
    const { context, page } = await signIn('viewer');
    await page.goto(`/correlation/groups?status=corroborated`);
    const link = page.getByRole('table', { name: 'Signal groups' }).getByRole('link').first();
    await link.waitFor(WAIT);
    await shot(page, 'correlation-groups');
    await page.goto(`/correlation/signals`);
    await page.getByRole('table', { name: 'Sources' }).getByText('fastnetmon').waitFor(WAIT);
    await context.close();
  });
});
