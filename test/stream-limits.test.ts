// The limits on streamed blocklist answers, on their own: the hub's slots, each tenant's share of them, release, and
// the time limit that cuts a body. (blocks-export and crowdsec-large run them against real stalled clients.)

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { createMetrics } from '../src/metrics.ts';
import { createStreamLimits } from '../src/distribute/stream-limits.ts';
import { QuorumError } from '../src/core/errors.ts';

const setup = (concurrency: number, perTenant: number, timeoutMs = 60_000) => {
  const metrics = createMetrics();
  return { metrics, limits: createStreamLimits({ concurrency, perTenant, timeoutMs, metrics }) };
};
const refusal = (fn: () => unknown): QuorumError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof QuorumError);
    return err;
  }
  assert.fail('not refused');
};
const limited = (m: ReturnType<typeof createMetrics>) => m.registry.getSingleMetricAsString('quorum_blocklist_streams_limited_total');

describe('stream limits', () => {
  test("a tenant past its share is refused while the hub has room; another tenant still gets a slot", async () => {
    const { limits, metrics } = setup(4, 2);
    const a = [limits.open('export', 'A', new PassThrough()), limits.open('crowdsec_startup', 'A', new PassThrough())];
    const err = refusal(() => limits.open('export', 'A', new PassThrough()));
    assert.equal(err.code, 'streams_busy');
    assert.equal(err.status, 429);
    assert.match(err.message, /QUORUM_BLOCKLIST_STREAMS_PER_TENANT=2/);
    const b = limits.open('export', 'B', new PassThrough());
    a[0]!.release();
    const again = limits.open('export', 'A', new PassThrough());
    for (const s of [a[1]!, b, again]) s.release();
    assert.match(await limited(metrics), /answer="export",reason="tenant_busy"} 1/);
  });

  test("the hub's slots are shared by every tenant: once all are taken, any tenant is refused until one is released", async () => {
    const { limits, metrics } = setup(2, 2);
    const slots = [limits.open('export', 'A', new PassThrough()), limits.open('export', 'B', new PassThrough())];
    const err = refusal(() => limits.open('crowdsec_startup', 'C', new PassThrough()));
    assert.match(err.message, /QUORUM_BLOCKLIST_STREAMS=2/);
    slots[0]!.release();
    slots[0]!.release(); // a second release gives back nothing more
    const c = limits.open('crowdsec_startup', 'C', new PassThrough());
    refusal(() => limits.open('export', 'A', new PassThrough()));
    for (const s of [slots[1]!, c]) s.release();
    assert.match(await limited(metrics), /answer="crowdsec_startup",reason="busy"} 1/);
    assert.match(await limited(metrics), /answer="export",reason="busy"} 1/);
  });

  test('a slot not released in time destroys its body and is then given back by its release', async () => {
    const { limits, metrics } = setup(1, 1, 50);
    const body = new PassThrough();
    const slot = limits.open('export', 'A', body);
    await once(body, 'close');
    assert.equal(slot.timedOut, true);
    slot.release();
    limits.open('export', 'A', new PassThrough()).release();
    assert.match(await limited(metrics), /answer="export",reason="timed_out"} 1/);
  });
});
