// A scripted dashboard for /ws/dashboard tests: the TestSensor queue (every frame kept until a test takes it) on the dashboard path.
// Never answers anything by itself; `authedDashboard` is the common opening (auth-required, auth, auth-success).

import { TestSensor, type Received } from './sensor.ts';

export function dashboardUrl(hubUrl: string): string {
  return `${hubUrl.replace(/^http/, 'ws')}/ws/dashboard`;
}

/** Connects (with extra upgrade headers, e.g. a Cookie) and takes the auth-required frame. */
export async function openDashboard(hubUrl: string, headers: Record<string, string> = {}): Promise<TestSensor> {
  const d = new TestSensor(dashboardUrl(hubUrl), headers);
  await d.opened;
  const first = await d.next();
  if (first.type !== 'auth-required') throw new Error(`expected auth-required, got ${JSON.stringify(first)}`);
  return d;
}

/** Connects and authenticates with an API key (and an operator's chosen tenant); resolves with the client and auth-success. */
export async function authedDashboard(hubUrl: string, apiKey: string, tenantId?: string): Promise<{ d: TestSensor; auth: Received }> {
  const d = await openDashboard(hubUrl);
  d.send({ type: 'auth', payload: { apiKey, ...(tenantId ? { tenantId } : {}) } });
  const auth = await d.next();
  if (auth.type !== 'auth-success') throw new Error(`auth refused: ${JSON.stringify(auth)}`);
  return { d, auth };
}

/** Subscribes and waits for `subscribed`. */
export async function subscribe(d: TestSensor, ...topics: string[]): Promise<void> {
  for (const topic of topics) {
    d.send({ type: 'subscribe', payload: { topic } });
    await d.next('subscribed');
  }
}
