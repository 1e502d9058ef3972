// The pure parts of fleet commands: the delivery settings (QUORUM_COMMAND_DELIVERY), the wire frame a sensor gets, and
// the one log line (stable `event`) and count each outcome makes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_DELIVERY, deliverySettings } from '../src/distribute/command-types.ts';
import { commandFrame, reportOutcome } from '../src/distribute/command-delivery.ts';
import { createMetrics } from '../src/metrics.ts';

test('QUORUM_COMMAND_DELIVERY overrides the timeout and attempts of the types it names and keeps the defaults of the others', () => {
  const d = deliverySettings(['restart=90000:1', ' toggle_mtd=5000:4 ']);
  assert.deepEqual(d.restart, { timeoutMs: 90_000, maxAttempts: 1 });
  assert.deepEqual(d.toggle_mtd, { timeoutMs: 5000, maxAttempts: 4 });
  assert.deepEqual(d.update, DEFAULT_DELIVERY.update);
  assert.deepEqual(deliverySettings([]), DEFAULT_DELIVERY);
});

test('a QUORUM_COMMAND_DELIVERY entry with an unknown type, a bad shape or out-of-range numbers stops the hub with the rule', () => {
  for (const [entry, rule] of [['reboot=1000:1', /<command type>=<timeout ms>:<attempts>/], ['restart=60s:2', /<command type>=<timeout ms>:<attempts>/],
    ['restart=50:2', /from 100 to 86400000 ms and 1 to 10 attempts/], ['restart=60000:0', /1 to 10 attempts/], ['restart=60000:11', /1 to 10 attempts/]] as const) {
    assert.throws(() => deliverySettings([entry]), rule, entry);
  }
});

test('a command goes to the sensor as {type, commandId, payload}', () => {
  assert.equal(commandFrame({ id: '5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11', type: 'toggle_chaos', payload: { enabled: true } }),
    '{"type":"toggle_chaos","commandId":"5b0e7f0c-2d4a-4c1e-9a63-0f2b8f4d7a11","payload":{"enabled":true}}');
});

test('each outcome is one log line with a stable event and one count by type and outcome', async () => {
  const lines: Record<string, unknown>[] = [];
  const metrics = createMetrics();
  const logger = { info: (o: Record<string, unknown>) => void lines.push(o) };
  for (const status of ['succeeded', 'timed_out', 'timed_out'] as const) {
    reportOutcome({ metrics, logger }, { tenant_id: 't-1', id: 'c-1', sensor_id: 'edge-1', type: 'restart', status, attempts: 2 });
  }
  assert.deepEqual(lines.map((l) => l.event), ['command.succeeded', 'command.timed_out', 'command.timed_out']);
  assert.deepEqual(lines[0], { event: 'command.succeeded', tenantId: 't-1', sensorId: 'edge-1', commandId: 'c-1', type: 'restart', attempts: 2 });
  const text = await metrics.registry.metrics();
  assert.match(text, /quorum_commands_total\{type="restart",outcome="timed_out"\} 2/);
  assert.match(text, /quorum_commands_total\{type="restart",outcome="succeeded"\} 1/);
});
