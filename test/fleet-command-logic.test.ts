// The pure parts of fleet commands: the delivery settings (QUORUM_COMMAND_DELIVERY), the wire frame a sensor gets, and
// the one log line (stable `event`) and count each outcome makes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMAND_STATUSES, COMMAND_TYPES, DEFAULT_DELIVERY, FINISHED_STATUSES, deliverySettings } from '../src/distribute/command-types.ts';
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

test('QUORUM_COMMAND_DELIVERY takes each bound exactly and refuses one past it, with the whole rule in the message', () => {
  const d = deliverySettings(['restart=100:1', 'update=86400000:10', 'sync_blocklist=0000000100:01']);
  assert.deepEqual([d.restart, d.update, d.sync_blocklist], [{ timeoutMs: 100, maxAttempts: 1 }, { timeoutMs: 86_400_000, maxAttempts: 10 }, { timeoutMs: 100, maxAttempts: 1 }]);
  const range = (entry: string, type = 'restart') => `QUORUM_COMMAND_DELIVERY: ${type} needs a timeout from 100 to 86400000 ms and 1 to 10 attempts, got ${entry}`;
  for (const entry of ['restart=99:1', 'restart=86400001:1', 'restart=1000:0', 'restart=1000:11']) {
    assert.throws(() => deliverySettings([entry]), { message: range(entry) }, entry);
  }
  const shape = (entry: string) => `QUORUM_COMMAND_DELIVERY entries are <command type>=<timeout ms>:<attempts>, got ${entry}`;
  for (const entry of ['xrestart=1000:1', 'x-restart=1000:1', 'restart=1000:1x', 'Restart=1000:1', 'restart=12345678901:1', 'restart=1000:123', 'restart=:1', 'restart=1000:', '=1000:1', 'restart 1000:1', '']) {
    assert.throws(() => deliverySettings([entry]), { message: shape(entry) }, entry);
  }
  assert.deepEqual(DEFAULT_DELIVERY, {
    restart: { timeoutMs: 60_000, maxAttempts: 2 }, collect_diagnostics: { timeoutMs: 120_000, maxAttempts: 2 }, push_config: { timeoutMs: 30_000, maxAttempts: 3 },
    push_rules: { timeoutMs: 30_000, maxAttempts: 3 }, update: { timeoutMs: 300_000, maxAttempts: 3 }, sync_blocklist: { timeoutMs: 30_000, maxAttempts: 3 },
    toggle_chaos: { timeoutMs: 10_000, maxAttempts: 3 }, toggle_mtd: { timeoutMs: 10_000, maxAttempts: 3 },
  });
  assert.notEqual(deliverySettings(['restart=1000:1']).restart, DEFAULT_DELIVERY.restart);
  assert.deepEqual(DEFAULT_DELIVERY.restart, { timeoutMs: 60_000, maxAttempts: 2 }, 'an override never changes the defaults');
});

test('the finished statuses are the five a command never leaves', () => {
  assert.deepEqual(COMMAND_STATUSES, ['pending', 'sent', 'succeeded', 'failed', 'timed_out', 'expired', 'cancelled']);
  assert.deepEqual(FINISHED_STATUSES, ['succeeded', 'failed', 'timed_out', 'expired', 'cancelled']);
  assert.deepEqual(COMMAND_TYPES, ['push_config', 'push_rules', 'restart', 'collect_diagnostics', 'update', 'sync_blocklist', 'toggle_chaos', 'toggle_mtd']);
});
