// End to end in a real browser: logging in (and being refused), the live feed updating without a reload, the overview.
// Debian's Chromium via playwright-core against a real hub on a real port; waits on what the page shows.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { createUser, launchBrowser, login, openPage, screenshot, submitLogin, waitForText } from './helpers/browser.ts';

let hub: TestHub;
let browser: Browser;
const PASSWORD = 'correct horse battery staple';

before(async () => {
  hub = await startTestHub({ loginMaxFailuresPerUsername: 3 });
  browser = await launchBrowser();
  await createUser(hub, 'alice', PASSWORD, 'responder');
  await createUser(hub, 'mallory', PASSWORD, 'viewer');
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

describe('logging in to the dashboard', () => {
  test('a user logs in with the right password and lands on the deep link they opened', async () => {
    const page = await openPage(browser, hub);
    const scripts: Promise<number>[] = [];
    page.on('requestfinished', (r) => { if (r.resourceType() === 'script') scripts.push(r.sizes().then((s) => s.responseBodySize)); });
    await page.goto('/signals?source=fastnetmon');
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').waitFor();
    const firstLoad = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
    console.log(`first load: ${scripts.length} scripts, ${(firstLoad / 1024).toFixed(0)} KiB compressed`);
    assert.ok(firstLoad > 0 && firstLoad <= 1024 * 1024, `first load's compressed JS ${firstLoad} bytes`);
    await screenshot(page, 'login');
    await submitLogin(page, 'alice', PASSWORD);
    await page.getByRole('heading', { name: 'Signals' }).waitFor();
    assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, '/signals?source=fastnetmon');
    await page.context().close();
  });

  test('a wrong password is refused with a message and no session', async () => {
    const page = await openPage(browser, hub);
    await page.goto('/login');
    await submitLogin(page, 'alice', 'not the password');
    await page.getByRole('alert').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login');
    const cookies = await page.context().cookies();
    assert.equal(cookies.find((c) => c.name === 'quorum_session'), undefined);
    await page.context().close();
  });

  test('repeated failures are rate-limited, and the right password is then refused too until the wait is over', async () => {
    const page = await openPage(browser, hub);
    await page.goto('/login');
    for (let i = 0; i < 3; i++) {
      const refused = page.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST');
      await submitLogin(page, 'mallory', `wrong ${i}`);
      assert.equal((await refused).status(), 401);
    }
    const limited = page.waitForResponse((r) => r.url().endsWith('/v1/session') && r.request().method() === 'POST');
    await submitLogin(page, 'mallory', PASSWORD);
    assert.equal((await limited).status(), 429);
    await waitForText(page, /Too many attempts; try again in \d+ seconds\./);
    await page.context().close();
  });
});

describe('the live dashboard', () => {
  test('a signal posted over HTTP appears on the Live feed without a reload', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'alice', PASSWORD);
    await page.goto('/live');
    // The hub sends a topic's events from its confirmation on: wait for it, not for a guess at how long it takes.
    await waitForText(page, 'Waiting for signals…');
    let navigations = 0;
    page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations++; });
    const subject = '198.51.100.23';
    const posted = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ source: 'fastnetmon', subject_type: 'host', subject_id: subject, signal_key: 'ddos.pps', signal_value: { value: 91000 }, severity: 'high' }) });
    assert.equal(posted.status, 201, JSON.stringify(posted.body));
    await page.getByRole('link', { name: `host/${subject}` }).waitFor();
    assert.equal(navigations, 0, 'the page was not reloaded');
    await screenshot(page, 'live-feed');
    await page.context().close();
  });

  test('live signals reach the open page soon after their commit (prints p50 and p99)', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'alice', PASSWORD);
    await page.goto('/live');
    // The hub sends a topic's events from its confirmation on: wait for it, not for a guess at how long it takes.
    await waitForText(page, 'Waiting for signals…');
    // One at a time, each awaited on the page: the feed's own per-client sampling never drops one.
    const COUNT = 30;
    for (let i = 0; i < COUNT; i++) {
      const subject = `latency-${i}`;
      await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ subject_type: 'host', subject_id: subject }) });
      await page.getByRole('link', { name: `host/${subject}` }).waitFor();
    }
    const figure = page.getByTestId('feed-latency');
    const read = async (a: string) => Number(await figure.getAttribute(a));
    const [p50, p99, n] = [await read('data-p50'), await read('data-p99'), await read('data-n')];
    console.log(`live signal latency, commit → page, ${n} events: p50 ${p50} ms, p99 ${p99} ms`);
    assert.ok(n >= COUNT, `measured ${n} events`);
    assert.ok(p99 <= 1000, `p99 ${p99} ms`);
    await page.context().close();
  });

  test('the Overview renders its figures, charts and the live connection', async () => {
    const page = await openPage(browser, hub);
    await login(page, 'alice', PASSWORD);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('status', { name: 'Live updates: live' }).waitFor();
    // The metrics topic ticks every second: a figure replaces the placeholder once the first one arrives.
    await page.locator('[data-testid="stat-Feed lag"]').filter({ hasText: /\d+ ms/ }).waitFor();
    await page.getByRole('region', { name: 'Decisions in the last 24 hours' }).waitFor();
    await screenshot(page, 'overview');
    await page.context().close();
  });
});
