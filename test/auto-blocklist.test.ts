// The auto-blocklist end to end: a real sensor's threats over the WebSocket protocol become automatic blocks (or not) as the
// tenant's policy says, through the guardrails, at most once per threat, resuming from the feed after a restart.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { aThreat, authedSensor, type TestSensor } from './helpers/sensor.ts';
import { belowFeedHorizon } from './helpers/feed-horizon.ts';

let now = Date.now();
let hub: TestHub;
let sensor: TestSensor;
before(async () => {
  hub = await startTestHub({ reconcileIntervalMs: 3_600_000, signalBatchTimeoutMs: 20 }, () => new Date(now));
  sensor = await authedSensor(hub.url, hub.adminKey, { sensorId: 'edge-auto' });
});
after(async () => {
  sensor.close();
  await hub.close();
});

const get = async (url: string) => (await hub.request('GET', url, { key: hub.adminKey })).body;
const critical = (ip: string, over: Record<string, unknown> = {}) => aThreat({ sourceIp: ip, severity: 'CRITICAL', confidence: 0.95, ...over });

/** Sends threats as one message, waits for the sensor's ack (they are committed) and for the auto-blocklist to catch up. */
async function report(s: TestSensor, h: Hub, ...threats: Record<string, unknown>[]): Promise<void> {
  s.send({ type: 'signal-batch', payload: threats });
  const ack = await s.next('batch-ack');
  assert.equal(ack.rejected, 0);
  await h.autoBlocklist.feed.caughtUp();
}

async function setPolicy(h: { request: TestHub['request'] }, key: string, overrides: unknown): Promise<void> {
  const res = await h.request('PUT', '/v1/config/correlation', { key, body: overrides });
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

const automatic = async (ip: string) => (await get(`/v1/mitigations?indicator=${ip}`)).mitigations.filter((m: any) => m.origin === 'automatic');
const autoBlocks = async (h: Hub, outcome: string) => (await h.metrics.autoBlocks.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;

describe('the auto-blocklist', () => {
  test('is off by default: a critical threat blocks nothing', async () => {
    const policy = await get('/v1/config/correlation');
    assert.deepEqual(policy.config.auto_blocklist, {
      enabled: false, min_severity: 'critical', min_confidence: 0.85, threat_types: ['IP_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING'], ttl_seconds: 3600,
    });
    await report(sensor, hub, critical('198.51.100.1'));
    assert.deepEqual(await automatic('198.51.100.1'), []);
    // Switched off, the tenant's feed is passed over unread: the consumer's position jumps to the stored threat once
    // no older writer holds it back (a full pass moves only as far as the horizon lets it).
    const stored = (await get('/v1/signals?subject_id=198.51.100.1')).signals[0];
    await belowFeedHorizon(hub.db.pools.owner, String(stored.id));
    await hub.autoBlocklist.feed.caughtUp();
    const { rows } = await hub.db.pools.owner.query("SELECT id::text FROM feed_positions WHERE consumer = 'auto_blocklist' AND tenant_id = $1", [hub.bootstrap.tenantId]);
    assert.deepEqual(rows, [{ id: String(stored.id) }]);
  });

  test('one line enables it: a critical, confident threat becomes an explained automatic block through the decider', async () => {
    await setPolicy(hub, hub.adminKey, { auto_blocklist: { enabled: true } });
    const policy = await get('/v1/config/correlation');
    assert.deepEqual([policy.origins['auto_blocklist.enabled'], policy.origins['auto_blocklist.min_confidence']], ['tenant', 'hub']);
    await report(sensor, hub, critical('198.51.100.2'));
    const [m] = await automatic('198.51.100.2');
    assert.ok(m, 'an automatic block');
    const detail = await get(`/v1/mitigations/${m.id}`);
    assert.deepEqual([detail.status, detail.indicator, detail.ttl_seconds, detail.explanation.kind], ['active', '198.51.100.2/32', 3600, 'automatic']);
    const stored = (await get('/v1/signals?subject_id=198.51.100.2')).signals[0];
    assert.deepEqual(detail.explanation.signals.map((s: any) => [s.id, s.source, s.confidence]), [[String(stored.id), 'synapse', 0.95]]);
    assert.equal(detail.explanation.text,
      `Auto-blocklist: IP_THREAT (critical, confidence 0.95) from synapse sensor edge-auto, signal ${stored.id}; rule: at least critical, confidence ≥ 0.85`);
    assert.deepEqual(detail.explanation.auto_blocklist, { min_severity: 'critical', min_confidence: 0.85, threat_types: ['IP_THREAT', 'CAMPAIGN_INDICATOR', 'CREDENTIAL_STUFFING'], ttl_seconds: 3600 });
    const change = (await get('/v1/blocks/changes?since=0&limit=1000')).changes.find((c: any) => c.mitigation_id === m.id);
    assert.deepEqual([change.change, change.source, change.severity, change.indicator], ['created', 'automatic', 'critical', '198.51.100.2/32']);
    assert.equal(await autoBlocks(hub, 'created'), 1);
    const incident = (await hub.request('GET', `/v1/reports/incident?mitigation_id=${m.id}`, { key: hub.adminKey })).body as string;
    assert.match(incident, new RegExp(`## Signals\n\n\\| id \\| source \\| confidence \\| observed at \\|\n\\|---\\|---\\|---\\|---\\|\n\\| ${stored.id} \\| synapse \\| 0\\.95 \\|`));
    assert.match(incident, /- Automatic decision \(auto-blocklist\): IP_THREAT, CAMPAIGN_INDICATOR, CREDENTIAL_STUFFING at least critical, confidence ≥ 0\.85, TTL 3600 s; no correlation/);
  });

  test('threats below the severity or confidence, of another type, or about a fingerprint only block nothing', async () => {
    await report(sensor, hub,
      critical('198.51.100.3', { severity: 'HIGH', confidence: 0.99 }),
      critical('198.51.100.4', { confidence: 0.84 }),
      critical('198.51.100.5', { signalType: 'RATE_ANOMALY' }),
      critical('198.51.100.6', { sourceIp: undefined, fingerprint: 't13d1516h2_8daaf6152771_b0da82dd1658', signalType: 'FINGERPRINT_THREAT' }));
    for (const ip of ['198.51.100.3', '198.51.100.4', '198.51.100.5']) assert.deepEqual(await automatic(ip), [], ip);
    assert.equal(await autoBlocks(hub, 'created'), 1);
  });

  test('the tenant may lower the thresholds and widen the types through its policy', async () => {
    await setPolicy(hub, hub.adminKey, { auto_blocklist: { enabled: true, min_severity: 'HIGH', min_confidence: 0.9, threat_types: ['RATE_ANOMALY'], ttl_seconds: 600 } });
    await report(sensor, hub, critical('198.51.100.7', { signalType: 'RATE_ANOMALY', severity: 'HIGH' }), critical('198.51.100.8'));
    const [m] = await automatic('198.51.100.7');
    assert.deepEqual([m.ttl_seconds, (await get(`/v1/mitigations/${m.id}`)).status], [600, 'active']);
    assert.deepEqual(await automatic('198.51.100.8'), [], 'IP_THREAT is no longer in the tenant\'s types');
    await setPolicy(hub, hub.adminKey, { auto_blocklist: { enabled: true } });
  });

  test('a safelisted address is refused by the guardrail and the refusal recorded like any other', async () => {
    assert.equal((await hub.request('POST', '/v1/safelist', { key: hub.adminKey, body: { cidr: '203.0.113.0/24', reason: 'partners' } })).status, 201);
    await report(sensor, hub, critical('203.0.113.9'));
    assert.deepEqual(await automatic('203.0.113.9'), []);
    const { rows } = await hub.db.pools.owner.query("SELECT origin, code, indicator FROM guardrail_rejections WHERE indicator LIKE '203.0.113.9%'");
    assert.deepEqual(rows, [{ origin: 'automatic', code: 'safelisted', indicator: '203.0.113.9/32' }]);
    assert.equal(await autoBlocks(hub, 'rejected'), 1);
  });

  test('a repeated threat extends the block instead of making a second one', async () => {
    await report(sensor, hub, critical('198.51.100.9'));
    const [first] = await automatic('198.51.100.9');
    now += 120_000;
    await report(sensor, hub, critical('198.51.100.9'));
    const blocks = await automatic('198.51.100.9');
    assert.equal(blocks.length, 1);
    const detail = await get(`/v1/mitigations/${first.id}`);
    assert.equal(detail.extended_count, 1);
    assert.equal(Date.parse(detail.expires_at) - Date.parse(first.expires_at), 120_000);
    assert.equal(await autoBlocks(hub, 'extended'), 1);
  });

  test('threats of one message about one address make one block', async () => {
    await report(sensor, hub, critical('198.51.100.10'), critical('198.51.100.10', { signalType: 'CAMPAIGN_INDICATOR' }));
    const [m] = await automatic('198.51.100.10');
    assert.equal((await get(`/v1/mitigations/${m.id}`)).extended_count, 0);
    assert.equal((await automatic('198.51.100.10')).length, 1);
  });
});

describe('the auto_blocklist setting', () => {
  const errors = (auto: unknown) => {
    const r = validateCorrelationConfig({ auto_blocklist: auto });
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  const cases: [string, unknown, string[]][] = [
    ['one line is enough', { enabled: true }, []],
    ['upper-case severities are accepted', { min_severity: 'HIGH' }, []],
    ['an unknown severity', { min_severity: 'severe' }, ['auto_blocklist.min_severity: must be one of info, low, medium, high, critical']],
    ['a confidence above 1', { min_confidence: 1.5 }, ['auto_blocklist.min_confidence: must be between 0 and 1']],
    ['an unknown threat type', { threat_types: ['SQLI'] }, [`auto_blocklist.threat_types[0]: must be one of IP_THREAT, FINGERPRINT_THREAT, CAMPAIGN_INDICATOR, CREDENTIAL_STUFFING, RATE_ANOMALY, BOT_SIGNATURE, IMPOSSIBLE_TRAVEL, TEMPLATE_DISCOVERY, SCHEMA_VIOLATION`]],
    ['a TTL beyond the guardrails', { enabled: true, ttl_seconds: 90_000 }, ["auto_blocklist.ttl_seconds: must lie within the guardrails' 60–86400 s"]],
    ['an unknown setting', { enable: true }, ['auto_blocklist.enable: is not a known setting']],
    ['not a mapping', true, ['auto_blocklist: must be a mapping, e.g. { enabled: true }']],
  ];
  for (const [name, auto, expected] of cases) test(name, () => assert.deepEqual(errors(auto), expected));
});

describe('the auto-blocklist on two hubs', () => {
  test('two hubs on one database consuming at once make one block per address', async () => {
    const first = await startTestHub({ signalBatchTimeoutMs: 20 });
    let second: Hub | null = null;
    try {
      await setPolicy(first, first.adminKey, { auto_blocklist: { enabled: true } });
      const config = loadConfig({ databaseUrl: first.db.ownerUrl, appDatabaseUrl: first.db.appUrl, port: 0, dataDir: await mkdtemp(path.join(tmpdir(), 'quorum-hub-')), logLevel: 'silent', logFormat: 'json', signalBatchTimeoutMs: 20 }, {});
      second = await startHub(config, pino({ level: 'silent' }));
      const sensors = [await authedSensor(first.url, first.adminKey, { sensorId: 'edge-a' }), await authedSensor(second.url, first.adminKey, { sensorId: 'edge-b' })];
      for (let round = 0; round < 5; round++) {
        await Promise.all(sensors.map(async (s, i) => {
          s.send({ type: 'signal-batch', payload: Array.from({ length: 4 }, (_, k) => critical(`192.0.2.${10 + k}`, { metadata: { round, hub: i } })) });
          assert.equal((await s.next('batch-ack')).rejected, 0);
        }));
      }
      sensors.forEach((s) => s.close());
      await Promise.all([first.autoBlocklist.feed.caughtUp(), second.autoBlocklist.feed.caughtUp()]);
      const { rows } = await first.db.pools.owner.query(
        "SELECT indicator::text, count(*)::int AS n FROM mitigations WHERE origin = 'automatic' GROUP BY indicator ORDER BY indicator");
      assert.deepEqual(rows, ['192.0.2.10/32', '192.0.2.11/32', '192.0.2.12/32', '192.0.2.13/32'].map((indicator) => ({ indicator, n: 1 })));
    } finally {
      await second?.stop();
      await first.close();
    }
  });
});

describe('the auto-blocklist across a restart', () => {
  test('a hub started later acts on threats stored while nobody consumed them, and a batch offered again acts on nothing twice', async () => {
    const first = await startTestHub({ feedConsume: false, signalBatchTimeoutMs: 20 });
    const hubs: Hub[] = [];
    const later = async () => {
      const config = loadConfig({ databaseUrl: first.db.ownerUrl, appDatabaseUrl: first.db.appUrl, port: 0, dataDir: await mkdtemp(path.join(tmpdir(), 'quorum-hub-')), logLevel: 'silent', logFormat: 'json' }, {});
      const h = await startHub(config, pino({ level: 'silent' }));
      hubs.push(h);
      return h;
    };
    try {
      await setPolicy(first, first.adminKey, { auto_blocklist: { enabled: true } });
      const s = await authedSensor(first.url, first.adminKey, { sensorId: 'edge-restart' });
      s.send({ type: 'signal', payload: critical('192.0.2.77') });
      assert.equal((await s.next('signal-ack')).stored, 1);
      s.close();
      const blocks = async () => (await first.db.pools.owner.query("SELECT id, extended_count FROM mitigations WHERE origin = 'automatic'")).rows;
      assert.deepEqual(await blocks(), [], 'nobody consumes the feed on the first hub');

      const second = await later();
      await second.autoBlocklist.feed.caughtUp();
      const made = await blocks();
      assert.equal(made.length, 1);
      await second.stop();

      // As if the hub had died after committing the block but before storing its feed position: the batch comes again.
      await first.db.pools.owner.query("UPDATE feed_positions SET writer_xid = '0', id = 0 WHERE consumer = 'auto_blocklist'");
      const third = await later();
      await third.autoBlocklist.feed.caughtUp();
      assert.deepEqual(await blocks(), made, 'no second block and no extension');
      assert.equal(await autoBlocks(third, 'extended') + await autoBlocks(third, 'created'), 0);
    } finally {
      for (const h of hubs) await h.stop();
      await first.close();
    }
  });
});
