// End to end in a real browser: the pages of the dashboard over seeded data, reached by keyboard shortcuts and links,
// each screenshotted for docs/screenshots; the Admin page creates a key and shows its secret once.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { createUser, launchBrowser, login, openPage, screenshot, waitForText } from './helpers/browser.ts';

let hub: TestHub;
let browser: Browser;
const PASSWORD = 'correct horse battery staple';
const SUBJECT = { type: 'host', id: '203.0.113.7' };

async function post(body: Record<string, unknown>): Promise<void> {
  const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal(body) });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

/** Signals from three sources about a few subjects, a manual block, the sources mapped to weighed categories (a new tenant
 * weighs threat_exposure 0), and the Trust Scores. */
async function seed(): Promise<void> {
  const severities = ['critical', 'high', 'medium', 'low'];
  for (let i = 0; i < 8; i++) {
    await post({ source: 'fastnetmon', subject_type: 'host', subject_id: i % 2 ? SUBJECT.id : `198.51.100.${i}`, signal_key: 'ddos.pps', signal_value: { value: 50_000 + i * 1000 }, severity: severities[i % 4] });
    await post({ source: 'alertmanager', subject_type: 'host', subject_id: SUBJECT.id, signal_key: `alert.${['high_load', 'disk_full', 'syn_flood'][i % 3]}`, signal_value: { value: 1 }, severity: severities[(i + 1) % 4] });
  }
  await post({ source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days', signal_value: { value: 5 }, severity: 'high' });
  const block = await hub.request('POST', '/v1/blocks', { key: hub.adminKey, body: { indicator: '198.51.100.66', ttl_seconds: 3600, reason: 'scanner seen by two sources', severity: 'high' } });
  assert.ok(block.status === 200 || block.status === 201, JSON.stringify(block.body));
  const mapped = await hub.request('PUT', '/v1/trust-score/mapping', { key: hub.adminKey, body: { sources: { fastnetmon: 'threat_exposure', alertmanager: 'threat_exposure', cert_scan: 'patch_hygiene' }, categories: { threat_exposure: 40 } } });
  assert.equal(mapped.status, 200, JSON.stringify(mapped.body));
  const scored = await hub.request('POST', '/v1/trust-score/recompute', { key: hub.adminKey });
  assert.equal(scored.status, 200, JSON.stringify(scored.body));
}

/** Presses a `g <letter>` shortcut on the page body and waits for the page's heading. */
async function goByKeys(page: Page, letter: string, heading: string): Promise<void> {
  await page.locator('body').press('g');
  await page.locator('body').press(letter);
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
}

before(async () => {
  hub = await startTestHub();
  browser = await launchBrowser();
  await createUser(hub, 'ada', PASSWORD, 'admin');
  await seed();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

describe('the pages of the dashboard', () => {
  test('the Overview charts signals per second by source while they arrive', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.getByRole('status', { name: 'Live updates: live' }).waitFor();
    await page.locator('[data-testid="stat-Active blocks"]').filter({ hasText: /^[1-9]/ }).waitFor();
    // The feed lag comes only from a metrics event: from then on the page receives the per-second counts.
    await page.locator('[data-testid="stat-Feed lag"]').filter({ hasText: /\d+ ms/ }).waitFor();
    // Each metrics event counts the signals of its second: post a few, then wait until the chart's legend names them.
    for (let i = 0; i < 6; i++) await post({ source: i % 2 ? 'alertmanager' : 'fastnetmon', subject_type: 'host', subject_id: SUBJECT.id, signal_key: 'ddos.pps' });
    await page.locator('.recharts-legend-item-text', { hasText: 'fastnetmon' }).first().waitFor();
    // The feed's consumers, as the database has them: this hub follows all four for the tenant.
    const consumers = page.getByRole('table', { name: 'Feed consumers' });
    for (const c of ['correlation', 'correlation_recording', 'auto_blocklist', 'current_signal_pointers']) {
      await consumers.locator('tr', { has: page.getByRole('cell', { name: c, exact: true }) }).filter({ hasText: 'yes' }).waitFor();
    }
    await screenshot(page, 'overview');
    // The theme follows the system until the user picks one.
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.locator('html[data-mantine-color-scheme="dark"]').waitFor({ state: 'attached' });
    await screenshot(page, 'overview-dark');
    await page.context().close();
  });

  test('keyboard shortcuts reach every page and ? lists them', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    // The shortcuts listen from the shell's effect on; a live connection is only reported after it ran.
    await page.getByRole('status', { name: 'Live updates: live' }).waitFor();
    for (const [letter, heading] of [['s', 'Signals'], ['u', 'Subjects'], ['f', 'Fleet'], ['a', 'Admin'], ['l', 'Live feed'], ['o', 'Overview']] as const) {
      await goByKeys(page, letter, heading);
    }
    await page.locator('body').press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await waitForText(page, 'Go to Signals');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.context().close();
  });

  test('from the Signals explorer a subject is one click away, with its Trust Score, explanation and Pareto', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.goto('/signals?source=alertmanager');
    await page.getByRole('table', { name: 'Signals' }).waitFor();
    await screenshot(page, 'signals');
    await page.getByRole('link', { name: `${SUBJECT.type}/${SUBJECT.id}` }).first().click();
    await page.waitForURL(`**/subjects/${SUBJECT.type}/${encodeURIComponent(SUBJECT.id)}`);
    const score = Number(await page.getByTestId('trust-score').textContent());
    assert.ok(score >= 0 && score < 100, `a subject with critical findings lost points (score ${score})`);
    await page.getByRole('table', { name: 'Points lost, finding by finding' }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'subject');
    await page.goto('/subjects');
    await page.getByRole('table', { name: 'Riskiest subjects' }).waitFor();
    await screenshot(page, 'subjects');
    await page.context().close();
  });

  test('an admin creates an API key, sees its secret once, and finds the creation in the audit log', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'ada', PASSWORD);
    await page.goto('/admin/keys');
    await page.getByLabel(/^Name/).fill('edge-sensor-1');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('new-key-secret').textContent()) ?? '';
    const res = await hub.request('GET', '/v1/signals?limit=1', { key: secret });
    assert.equal(res.status, 403, 'the shown secret is a real key (signal:write only, so reading is refused)');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('cell', { name: 'edge-sensor-1', exact: true }).first().waitFor();
    assert.equal(await page.getByText(secret).count(), 0, 'the secret is gone from the page');
    await page.goto('/admin/users');
    await page.getByRole('cell', { name: 'ada', exact: true }).waitFor();
    await screenshot(page, 'admin');
    // The key's creation is in the audit log, by ada, through the typed GET /v1/audit.
    await page.goto('/admin/audit');
    const row = page.getByRole('table', { name: 'Audit log' }).getByRole('row').filter({ hasText: 'POST /v1/keys' }).first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /ada \(user\).*201/);
    await page.context().close();
  });
});
