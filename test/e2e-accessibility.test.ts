// axe-core in a real browser over the main pages (login, overview, signals, mitigations, blocks, admin), in the light
// and the dark theme: no serious or critical violation. Minor and moderate findings are not failures.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { accessibilityProblems, createUser, launchBrowser, login, openPage } from './helpers/browser.ts';

let hub: TestHub;
let browser: Browser;
const PASSWORD = 'correct horse battery staple';
/** Each page and the heading that says it has drawn. */
const PAGES: [string, string][] = [['/', 'Overview'], ['/signals', 'Signals'], ['/mitigations', 'Mitigations'], ['/blocks', 'Blocks'], ['/fleet/commands', 'Fleet'], ['/admin/users', 'Admin']];

before(async () => {
  hub = await startTestHub();
  browser = await launchBrowser();
  await createUser(hub, 'ada', PASSWORD, 'admin');
  // Something in every list: a signal, a block, a safelist entry with an expiry.
  assert.equal((await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ source: 'fastnetmon', subject_type: 'host', subject_id: '203.0.113.7', signal_key: 'ddos.pps', signal_value: { value: 90_000 }, severity: 'high' }) })).status, 201);
  assert.equal((await hub.request('POST', '/v1/blocks', { key: hub.adminKey, body: { indicator: '198.51.100.66', ttl_seconds: 3600, reason: 'scanner' } })).status, 201);
  const until = new Date(Date.now() + 86_400_000).toISOString();
  assert.equal((await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '192.0.2.0/24', reason: 'office', expiresAt: until } })).status, 201);
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

describe('accessibility of the main pages (axe-core)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`no serious or critical violation on the login page and the main pages in the ${theme} theme`, async () => {
      const page = await openPage(browser, hub, { colorScheme: theme });
      const found: string[] = [];
      await page.goto('/login');
      await page.getByLabel('Username').waitFor();
      found.push(...(await accessibilityProblems(page)).map((p) => `/login: ${p}`));
      await login(page, 'ada', PASSWORD);
      for (const [path, heading] of PAGES) {
        await page.goto(path);
        await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
        await page.waitForLoadState('networkidle');
        found.push(...(await accessibilityProblems(page)).map((p) => `${path}: ${p}`));
      }
      await page.context().close();
      assert.deepEqual(found, []);
    });
  }
});
