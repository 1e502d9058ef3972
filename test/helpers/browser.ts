// Real-browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core against a real hub on a
// real port, logging in through the login form, waiting on what the page shows (never on sleeps), and screenshots.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { TestHub } from './hub.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** Where screenshots go: .screenshots/ (ignored by git) by default; QUORUM_SCREENSHOTS=docs/screenshots refreshes the committed ones the README shows. */
export const SCREENSHOTS = path.resolve(ROOT, process.env.QUORUM_SCREENSHOTS ?? '.screenshots');
/** axe-core's browser bundle, injected into a page to check it (accessibilityProblems). */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Chromium's own timeout for each wait: generous on a busy 2-core machine, still a failure, never a hang. */
const WAIT_MS = 15_000;

/** Launches headless Chromium with the flags CI's Debian package needs (test/run.ts has built web/dist). */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.QUORUM_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A fresh page (its own cookies) on the hub, at a laptop's size, in the given colour scheme. */
export async function openPage(browser: Browser, hub: Pick<TestHub, 'url'>, opts: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> {
  const context = await browser.newContext({ baseURL: hub.url, viewport: { width: 1366, height: 860 }, colorScheme: opts.colorScheme ?? 'light' });
  context.setDefaultTimeout(WAIT_MS);
  return context.newPage();
}

/** Creates a user with a role through the API (the admin key), for the browser to log in as. */
export async function createUser(hub: TestHub, username: string, password: string, role: string): Promise<void> {
  const res = await hub.request('POST', '/v1/users', { key: hub.adminKey, body: { username, password, role } });
  if (res.status !== 201) throw new Error(`creating user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Fills the login form (fields labelled Username and Password) and submits it; does not wait for the outcome. */
export async function submitLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Logs in through the form at /login and waits until the app shows the signed-in user's menu. */
export async function login(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login');
  await submitLogin(page, username, password);
  await page.getByRole('button', { name: `Account of ${username}` }).waitFor();
}

/** Waits until `text` is visible on the page (the page's own state, not a timer). */
export async function waitForText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor({ state: 'visible' });
}

/** Saves a PNG of the viewport as docs/screenshots/<name>.png, once the page has no request in flight. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.waitForLoadState('networkidle');
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[]; html: string; failureSummary?: string }[] }

/**
 * Runs axe-core on the page as it is now and returns its serious and critical violations, one line each (rule, impact,
 * what it asks, the first elements it names); minor and moderate findings are left to review.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  // Runs in the page (this file is compiled without the DOM's types): the whole document is checked.
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: { run: (ctx: unknown, o: object) => Promise<{ violations: AxeViolation[] }> }; document: unknown };
    return (await g.axe.run(g.document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}; first: ${v.nodes[0]?.html.slice(0, 160)} ${v.nodes[0]?.failureSummary?.replace(/\s+/g, ' ') ?? ''}`);
}
