// Starts a real hub in-process on its own test database and a free port, for HTTP and WebSocket tests.
// The hub is the same one `quorum start` runs; only the database and the port differ.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { startHub, type Hub, type HubOptions } from '../../src/hub.ts';
import type { Scope } from '../../src/core/types.ts';
import { createTestDatabase, type TestDatabase } from './cluster.ts';

export interface TestHub extends Hub {
  db: TestDatabase;
  adminKey: string;
  /** fetch() against the hub with an optional bearer key and JSON body. */
  request(method: string, url: string, opts?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestHub(overrides: Partial<Record<keyof Config, unknown>> = {}, clock?: () => Date, options: HubOptions = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-hub-'));
  const config = loadConfig({ databaseUrl: db.ownerUrl, appDatabaseUrl: db.appUrl, port: 0, dataDir, logLevel: 'silent', logFormat: 'json', ...overrides }, {});
  const hub = await startHub(config, pino({ level: process.env.QUORUM_TEST_LOG ?? 'silent' }), clock, options);
  const request: TestHub['request'] = async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.key) headers.authorization = `Bearer ${opts.key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await fetch(hub.url + url, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. /metrics)
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    ...hub, db, adminKey: hub.bootstrap.adminKey!, request,
    async close() {
      await hub.stop();
      await db.drop();
    },
  };
}

/** A valid wire-format signal, with overrides. */
export function aSignal(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days',
    signal_value: { value: 12 }, severity: 'medium', observed_at: new Date().toISOString(), ttl_seconds: null, ...over,
  };
}

/** A new tenant and one key per entry of `keys` (its name → its scopes), e.g. `{ admin: ['admin'], reader: ['signal:read'] }`. */
export async function tenantWithKeys<K extends string>(hub: Pick<Hub, 'keys'>, name: string, keys: Record<K, Scope[]>): Promise<{ id: string } & Record<K, string>> {
  const id = (await hub.keys.createTenant(name)).id;
  const out = { id } as { id: string } & Record<K, string>;
  for (const [k, scopes] of Object.entries(keys) as [K, Scope[]][]) (out as Record<K, string>)[k] = (await hub.keys.createKey({ tenantId: id, scopes })).key;
  return out;
}

