// Swagger UI in a real Chromium: "Try it out" with the documented example, verbatim, succeeds on the signal routes,
// both adapters and the generic webhook (after the config example that configures it).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from './helpers/hub.ts';

let hub: TestHub;
let browser: Browser;
let page: Page;
before(async () => {
  hub = await startTestHub();
  browser = await chromium.launch({
    executablePath: process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await (await browser.newContext({ baseURL: hub.url, viewport: { width: 1366, height: 900 } })).newPage();
  page.setDefaultTimeout(20_000);
  await page.goto('/docs/');
  await page.getByRole('button', { name: 'Authorize' }).first().click();
  const bearer = page.locator('.auth-container').filter({ has: page.locator('#auth-bearer-value') });
  await bearer.locator('#auth-bearer-value').fill(hub.adminKey);
  await bearer.getByRole('button', { name: 'Apply credentials' }).click();
  // Authorised: the bearer section now offers to remove it instead of its input.
  await page.getByRole('button', { name: 'Remove authorization' }).first().waitFor();
  await page.locator('.modal-ux .btn-done').first().click();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

/** Expands an operation, presses Try it out and Execute without touching the example, and returns the status shown. */
async function tryItOut(method: string, path: string): Promise<string> {
  const op = page.locator(`.opblock-${method.toLowerCase()}`).filter({ has: page.locator(`[data-path="${path}"]`) }).first();
  await op.locator('.opblock-summary').first().click();
  await op.getByRole('button', { name: 'Try it out' }).click();
  await op.getByRole('button', { name: 'Execute' }).click();
  const status = op.locator('.live-responses-table tbody .response-col_status').first();
  await status.waitFor();
  const text = (await status.textContent())!.trim();
  await op.locator('.opblock-summary').first().click();
  return text;
}

test('Try it out on POST /v1/signals with the example as shown stores the signal (201)', async () => {
  assert.match(await tryItOut('POST', '/v1/signals'), /^201/);
  const read = await hub.request('GET', '/v1/signals?source=cert_scan', { key: hub.adminKey });
  assert.equal(read.body.signals.length, 1);
});

test('Try it out on the Alertmanager and FastNetMon adapters with their examples stores a report each (200)', async () => {
  assert.match(await tryItOut('POST', '/v1/signals/alertmanager'), /^200/);
  assert.match(await tryItOut('POST', '/v1/signals/fastnetmon'), /^200/);
  const read = await hub.request('GET', '/v1/signals?subject_id=10.0.0.5', { key: hub.adminKey });
  assert.deepEqual(read.body.signals.map((s: { source: string }) => s.source).sort(), ['alertmanager', 'fastnetmon']);
});

test('Try it out on the generic webhook succeeds once the config example has configured it (200)', async () => {
  assert.match(await tryItOut('PUT', '/v1/config/correlation'), /^200/);
  assert.match(await tryItOut('POST', '/v1/signals/webhook/{name}'), /^200/);
  const read = await hub.request('GET', '/v1/signals?source=scrubber', { key: hub.adminKey });
  assert.equal(read.body.signals.length, 1);
});
