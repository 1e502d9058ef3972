// The dashboard session's opening over a real socket, with the readers' placement under the test's control: events the
// tenant's stream publishes while auth is being answered never come before auth-success, and none is lost.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { attachDashboardGateway } from '../src/present/dashboard/gateway.ts';
import { createStreamRegistry, type TenantStream } from '../src/present/dashboard/stream.ts';
import { createMetrics } from '../src/metrics.ts';
import type { Principal } from '../src/core/types.ts';
import { authedDashboard } from './helpers/dashboard.ts';

const TENANT = '00000000-0000-4000-8000-000000000001';
const principal: Principal = { keyId: 'k1', tenantId: TENANT, scopes: ['dashboard:read'], agentId: null, rateLimit: null };

test('events published while the readers are placed follow auth-success, numbered after it', async () => {
  const streams = createStreamRegistry({ bufferSize: 100, keepMs: 1000, now: Date.now });
  const server = http.createServer();
  attachDashboardGateway(server, {
    keys: { authenticate: async () => principal },
    streams,
    // Placing the readers takes a while, and meanwhile the tenant's stream publishes two events.
    ready: async (stream: TenantStream) => {
      stream.publish('mitigations', 'mitigation', { n: 1 });
      await new Promise((r) => setImmediate(r));
      stream.publish('mitigations', 'mitigation', { n: 2 });
    },
    snapshot: async () => { throw new Error('not asked'); },
    tenantExists: async () => true,
    metrics: createMetrics(),
    logger: pino({ level: 'silent' }),
    now: Date.now,
    limits: { authTimeoutMs: 5000, ratePerSecond: 50, rateBurst: 75, sendBufferBytes: 1 << 20, signalsPerSecond: 50, recheckMs: 60_000 },
    maxConnections: 10,
    maxFrameBytes: 65536,
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { d, auth } = await authedDashboard(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'qk_any');
    assert.equal(auth.sequenceId, 0, 'auth-success carries where the session starts');
    const events = [await d.next('mitigation'), await d.next('mitigation')];
    assert.deepEqual(events.map((e) => [e.payload.n, e.sequenceId]), [[1, 1], [2, 2]]);
    d.close();
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    streams.stop();
  }
});
