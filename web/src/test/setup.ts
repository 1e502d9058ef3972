// Vitest setup for the dashboard's component tests: a fake hub behind fetch (set per test with hubAnswers), and the
// DOM cleaned after each test. Installed before any module captures fetch (openapi-fetch does at createClient).

import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';

type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };
type Route = (req: { method: string; url: URL; body: unknown }) => Answer | undefined;

let route: Route = () => undefined;
/** Every request the fake hub saw, in order. */
export const requests: { method: string; url: URL; body: unknown; headers: Headers }[] = [];

/** Sets how the fake hub answers; an unanswered request is a 404 problem. */
export function hubAnswers(r: Route): void {
  route = r;
}

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = input instanceof Request ? input : new Request(new URL(String(input), window.location.origin), init);
  const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.text();
  const body = text ? JSON.parse(text) as unknown : undefined;
  const url = new URL(req.url);
  requests.push({ method: req.method, url, body, headers: req.headers });
  const a = route({ method: req.method, url, body }) ?? { status: 404, body: { code: 'not_found', detail: `no route ${req.method} ${url.pathname}` } };
  const status = a.status ?? 200;
  return new Response(status === 204 ? null : JSON.stringify(a.body ?? {}), { status, headers: { 'content-type': 'application/json', ...a.headers } });
};

afterEach(() => {
  cleanup();
  requests.length = 0;
  route = () => undefined;
});
