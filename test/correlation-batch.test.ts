// Correlation of whole feed batches: the same outcome as signal by signal, the per-source summary, a bad signal
// isolated, a database outage failing the batch, and concurrent batches over overlapping keys.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import pg from 'pg';
import pino from 'pino';
import { evaluateGroup, type Gate, type MemberSignal } from '../src/correlate/confidence.ts';
import { summarise } from '../src/correlate/source-summary.ts';
import { validateCorrelationConfig } from '../src/correlate/correlation-config.ts';
import { feedInterestOf, hasRulesOf, type RuleSet } from '../src/correlate/routing.ts';
import { createCorrelationEngine } from '../src/correlate/engine.ts';
import { findGroupsReportedBy, listMembers, membershipsStatement } from '../src/correlate/group-queries.ts';
import { queryInOneTrip } from '../src/db/one-trip.ts';
import { planNodes } from './helpers/plans.ts';
import { createDecider } from '../src/decide/decider.ts';
import { closePools, createPools, endPool, withTenant } from '../src/db/pools.ts';
import { SqlEmitter } from '../src/store/emitter.ts';
import { FEED_START, readFeed } from '../src/store/feed-queries.ts';
import { withTenantBesideFeed } from '../src/store/feed-horizon.ts';
import type { StoredRow } from '../src/store/signal-queries.ts';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { countingPool } from './helpers/counting-pool.ts';
import { post, putConfig, shippedConfig } from './helpers/correlation.ts';

describe('the per-source summary of a group', () => {
  const source = (weight: number) => ({ weight, confidence_mapping: {} });
  const weights = { sources: { a: source(1), b: source(0.8), c: source(0) }, default_weight: 0.5 };
  const member = fc.record({
    source: fc.constantFrom('a', 'b', 'c', 'd'),
    confidence: fc.constantFrom(0, 0.1, 0.45, 0.7, 0.9, 1),
    at: fc.integer({ min: 0, max: 600 }),
  });

  test('evaluates every group exactly as its whole member list does, at any time and half-life', () => {
    fc.assert(fc.property(fc.array(member, { maxLength: 40 }), fc.integer({ min: -60, max: 1200 }), fc.constantFrom(0, 30, 300),
      (raw, nowOffset, halfLife) => {
        const t0 = Date.parse('2026-11-22T05:00:00Z');
        const members: MemberSignal[] = raw.map((m, i) => ({
          signalId: String(i), source: m.source, confidence: m.confidence, observedAt: new Date(t0 + m.at * 1000).toISOString(),
        }));
        const gate: Gate = { minSources: 2, threshold: 0.6, windowSeconds: 300, halfLifeSeconds: halfLife };
        const now = new Date(t0 + nowOffset * 1000);
        const all = evaluateGroup(members, gate, weights, now);
        const kept = evaluateGroup(summarise(members), gate, weights, now);
        assert.deepEqual([kept.distinctSources, kept.derivedConfidence, kept.met, kept.reason], [all.distinctSources, all.derivedConfidence, all.met, all.reason]);
      }), { seed: 20261202, numRuns: 500 });
  });

  test('keeps a later weaker report next to an earlier stronger one of the same source, and drops what both beat', () => {
    const m = (id: string, confidence: number, at: string): MemberSignal => ({ signalId: id, source: 'a', confidence, observedAt: `2026-11-22T05:0${at}:00Z` });
    assert.deepEqual(summarise([m('1', 0.5, '0'), m('2', 0.9, '1'), m('3', 0.4, '2'), m('4', 0.3, '1')]).map((x) => x.signalId), ['2', '3']);
  });
});

describe('the feed entries correlation reads whole', () => {
  const interest = (over: Record<string, unknown>, set: RuleSet) => {
    const checked = validateCorrelationConfig(shippedConfig(over));
    assert.ok(checked.ok, JSON.stringify(checked));
    return feedInterestOf(checked.config, set);
  };
  const rule = (name: string, match: Record<string, unknown>, playbook?: string) => ({ name, match, group_by: ['subject_id'], ...(playbook ? { playbook } : {}) });

  test('each rule set reads the keys its rules may select, and every end; with correlation off, only the ends', () => {
    assert.deepEqual(interest({}, 'deciding'), { signalKeys: ['ddos.*'], ends: true });
    assert.deepEqual(interest({}, 'recording'), { signalKeys: [], ends: true });
    const split = { rules: [rule('a', { signal_keys: ['ddos.*', 'waf.block'] }, 'block_victim_traffic'), rule('b', { signal_keys: ['threat.*'], sources: ['synapse'] })] };
    assert.deepEqual(interest(split, 'deciding'), { signalKeys: ['ddos.*', 'waf.block'], ends: true });
    assert.deepEqual(interest(split, 'recording'), { signalKeys: ['threat.*'], ends: true });
    assert.deepEqual(interest({ enabled: false }, 'deciding'), { signalKeys: [], ends: true });
  });

  test('a set without any rule has nothing to read (the shipped policy records nothing); one switched off still has its rules', () => {
    const has = (over: Record<string, unknown>, set: RuleSet) => {
      const checked = validateCorrelationConfig(shippedConfig(over));
      assert.ok(checked.ok, JSON.stringify(checked));
      return hasRulesOf(checked.config, set);
    };
    assert.deepEqual([has({}, 'deciding'), has({}, 'recording')], [true, false]);
    const recording = { rules: [...shippedConfig().rules, rule('every', {})] };
    assert.deepEqual([has(recording, 'recording'), has({ ...recording, enabled: false }, 'recording')], [true, true]);
    assert.equal(has({ rules: [rule('every', {})] }, 'deciding'), false);
  });

  test('every entry when a rule of the set names no keys: a rule by source only, or the subject_anomaly family', () => {
    const bySource = { rules: [rule('a', { signal_keys: ['ddos.*'] }, 'block_victim_traffic'), rule('b', { sources: ['scanner'] })] };
    assert.equal(interest(bySource, 'recording'), null);
    assert.deepEqual(interest(bySource, 'deciding'), { signalKeys: ['ddos.*'], ends: true });
    assert.equal(interest({ subject_anomaly: { enabled: true } }, 'deciding'), null);
  });
});

describe('correlating a feed batch', () => {
  let hub: TestHub;
  before(async () => { hub = await startTestHub({ reconcileIntervalMs: 3_600_000 }); });
  after(async () => { await hub.close(); });

  const key = () => hub.adminKey;
  const get = async (url: string) => (await hub.request('GET', url, { key: key() })).body;
  const ddos = (ip: string, source: string, confidence: number) => ({
    source, subject_type: 'ip', subject_id: ip, signal_key: 'ddos.attack', signal_value: { value: confidence, vector: 'udp_flood' },
    severity: 'high', observed_at: new Date().toISOString(),
  });

  /** Runs `call` with a client that records the statement it is given, and returns that statement's plan (EXPLAIN JSON). */
  async function planOfCall(tenantId: string, call: (c: never) => Promise<void>, analyze = false): Promise<any> {
    let sent: { text: string; values: unknown[] } | null = null;
    return withTenant(hub.pools.app, tenantId, async (c) => {
      const query = (q: string | { text: string; values: unknown[] }, values?: unknown[]) => {
        sent = typeof q === 'string' ? { text: q, values: values ?? [] } : { text: q.text, values: [...q.values] };
        return c.query(sent.text, sent.values);
      };
      await call({ query } as never);
      return (await c.query(`EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${sent!.text}`, sent!.values)).rows[0]['QUERY PLAN'][0].Plan;
    });
  }

  test('a group that meets its gate mid-batch is decided on the signals up to that one, and the later reports refresh its block', async () => {
    await putConfig(hub, shippedConfig());
    // Evaluated on the whole batch, the third source (weight 1, confidence 0) would pull the group below 0.7.
    const res = await post(hub, '/v1/signals', { signals: [
      ddos('10.9.0.1', 'fastnetmon', 0.9), ddos('10.9.0.2', 'fastnetmon', 0.9), ddos('10.9.0.1', 'alertmanager', 0.9), ddos('10.9.0.1', 'scanner', 0),
    ] });
    assert.equal(res.status, 201);
    const [m] = (await get('/v1/mitigations?indicator=10.9.0.1')).mitigations;
    assert.deepEqual([m.status, m.correlation.sources], ['active', ['fastnetmon', 'alertmanager']]);
    assert.equal(m.correlation.explanation, 'Corroboration met: 2 distinct sources (min 2), derived confidence 0.90 (threshold 0.70). Sources: fastnetmon (0.90, w 1.0), alertmanager (0.90, w 0.8)');
    const [decided] = (await get('/v1/signal-groups?subject=10.9.0.1')).signal_groups;
    assert.deepEqual([decided.status, decided.signal_count, decided.mitigation_id], ['corroborated', 3, m.id]);
    const [open] = (await get('/v1/signal-groups?subject=10.9.0.2')).signal_groups;
    assert.deepEqual([open.status, open.signal_count, open.source_count], ['open', 1, 1]);
    assert.match(open.decision_reason, /^Corroboration not met \(too few sources\)/);
  });

  test('a batch spread over many keys opens one group per key with its members counted, and offered again changes nothing', async () => {
    await putConfig(hub, shippedConfig());
    const signals = Array.from({ length: 300 }, (_, i) => ddos(`10.10.${i % 100}.1`, Math.floor(i / 100) % 2 ? 'fastnetmon' : 'scanner', 0.3));
    assert.equal((await post(hub, '/v1/signals', { signals })).status, 201);
    const counts = await hub.pools.owner.query(
      "SELECT count(*)::int AS groups, sum(signal_count)::int AS members, min(source_count)::int AS sources FROM signal_groups WHERE subject_id LIKE '10.10.%' AND status = 'open'");
    assert.deepEqual(counts.rows[0], { groups: 100, members: 300, sources: 2 });
    const rows = await feedRows(hub, (r) => r.subjectId.startsWith('10.10.'));
    await hub.correlation.engine.onBatch({ tenantId: hub.bootstrap.tenantId, signals: rows });
    const again = await hub.pools.owner.query("SELECT sum(signal_count)::int AS members FROM signal_groups WHERE subject_id LIKE '10.10.%'");
    const stored = await hub.pools.owner.query("SELECT count(*)::int AS n FROM signal_group_members WHERE subject_id LIKE '10.10.%'");
    assert.deepEqual([again.rows[0].members, stored.rows[0].n], [300, 300]);
  });

  test('a run\'s offers to rules with a playbook and to the others commit in a transaction each, and offered again add nothing', async () => {
    await putConfig(hub, shippedConfig({ rules: [...shippedConfig().rules, { name: 'every_signal', match: {}, group_by: ['subject_id'] }] }));
    const hosts = Array.from({ length: 40 }, (_, i) => ({ ...ddos(`pb-h${i}`, 'scanner', 0.3), subject_type: 'host', signal_key: 'host.event' }));
    const signals = [...hosts, ddos('10.19.0.1', 'fastnetmon', 0.9), ddos('10.19.0.1', 'alertmanager', 0.9)];
    assert.equal((await post(hub, '/v1/signals', { signals })).status, 201);
    const xids = async () => (await hub.pools.owner.query(
      `SELECT (SELECT array_agg(DISTINCT xmin::text::bigint) FROM mitigations WHERE indicator = '10.19.0.1/32') AS decision,
              (SELECT array_agg(DISTINCT m.xmin::text::bigint) FROM signal_group_members m JOIN signal_groups g ON g.id = m.group_id
               WHERE g.rule = 'every_signal' AND (m.subject_id LIKE 'pb-h%' OR m.subject_id = '10.19.0.1')) AS bookkeeping,
              (SELECT count(*)::int FROM signal_group_members m JOIN signal_groups g ON g.id = m.group_id
               WHERE g.rule = 'every_signal' AND (m.subject_id LIKE 'pb-h%' OR m.subject_id = '10.19.0.1')) AS members`)).rows[0];
    const first = await xids();
    assert.equal(first.decision.length, 1, 'one decision');
    assert.equal(first.bookkeeping.length, 1, 'the other rule\'s offers in one transaction');
    assert.notDeepEqual(first.bookkeeping, first.decision, 'each rule set in a transaction of its own');
    assert.equal(first.members, 42);
    // Offered again (a crash between the two transactions): nothing is added twice.
    const rows = await feedRows(hub, (r) => r.subjectId.startsWith('pb-h') || r.subjectId === '10.19.0.1');
    await hub.correlation.engine.onBatch({ tenantId: hub.bootstrap.tenantId, signals: rows });
    assert.deepEqual(await xids(), first);
    await putConfig(hub, shippedConfig());
  });

  test('a decision never waits behind the rules that only record: with their consumer stuck on a locked group, two reports still decide', async () => {
    await putConfig(hub, shippedConfig({ rules: [...shippedConfig().rules, { name: 'every_host', match: { subject_types: ['host'] }, group_by: ['subject_id'] }] }));
    const host = () => ({ ...ddos('stuck-h1', 'scanner', 0.3), subject_type: 'host', signal_key: 'host.event' });
    assert.equal((await post(hub, '/v1/signals', { signals: [host()] })).status, 201);
    const tenantId = hub.bootstrap.tenantId;
    const groupKey = JSON.stringify(['stuck-h1']);
    const members = async () => (await hub.pools.owner.query(
      "SELECT signal_count FROM signal_groups WHERE tenant_id = $1 AND rule = 'every_host' AND group_key = $2", [tenantId, groupKey])).rows[0].signal_count as number;
    assert.equal(await members(), 1);
    // This hub's own bookkeeping holds the host's open group (a transaction beside the feed, as the consumers' are): the
    // recording consumer's next batch waits on it, inside its transaction.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => { locked = resolve; });
    const locker = withTenantBesideFeed(hub.pools.app, tenantId, async (c) => {
      await c.query("SELECT id FROM signal_groups WHERE rule = 'every_host' AND group_key = $1 FOR UPDATE", [groupKey]);
      locked();
      await released;
    });
    try {
      await holding;
      assert.equal((await hub.request('POST', '/v1/signals', { key: key(), body: { signals: [host()] } })).status, 201);
      for (const source of ['fastnetmon', 'alertmanager']) {
        assert.equal((await hub.request('POST', '/v1/signals', { key: key(), body: { signals: [ddos('10.19.7.1', source, 0.9)] } })).status, 201);
      }
      let decided: { status: string }[] = [];
      for (let i = 0; i < 500 && decided.length === 0; i++) {
        decided = (await get('/v1/mitigations?indicator=10.19.7.1')).mitigations;
        if (decided.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.deepEqual(decided.map((m) => m.status), ['active'], 'decided while the recording rules were stuck');
      assert.equal(await members(), 1, 'the recording consumer was still waiting');
    } finally {
      release();
      await locker;
    }
    await hub.correlation.caughtUp();
    assert.equal(await members(), 2);
    await putConfig(hub, shippedConfig());
  });

  test('the batch\'s membership check probes each signal, even when the statistics say the tenant has few members', async () => {
    const tenantId = hub.bootstrap.tenantId;
    const group = (await hub.pools.owner.query('SELECT id FROM signal_groups WHERE tenant_id = $1 LIMIT 1', [tenantId])).rows[0].id;
    // Statistics taken before a burst: the tenant's 20,000 members below stay unknown to the planner.
    await hub.pools.owner.query('ANALYZE signal_group_members');
    await hub.pools.owner.query(
      `INSERT INTO signal_group_members (tenant_id, group_id, signal_id, source, subject_type, subject_id, signal_key, confidence, observed_at, added_at)
       SELECT $1, $2, 900000000 + i, 'burst', 'ip', '10.99.0.1', 'ddos.attack', 0.5, now(), now() FROM generate_series(1, 20000) i`, [tenantId, group]);
    const plan = await planOfCall(tenantId, async (c) => {
      // As the batch sends it: inlined, with its transaction's BEGIN.
      const statement = membershipsStatement(tenantId, Array.from({ length: 500 }, (_, i) => String(800000000 + i)));
      assert.deepEqual((await queryInOneTrip(c, [statement]))[0]!.rows, []);
    });
    const indexes = planNodes(plan).map((n) => n['Index Name']).filter(Boolean);
    assert.ok(indexes.includes('signal_group_members_signal_tenant_idx'), JSON.stringify(indexes));
    assert.ok(!indexes.includes('signal_group_members_report_idx'), JSON.stringify(indexes));
    await hub.pools.owner.query("DELETE FROM signal_group_members WHERE source = 'burst'");
  });

  test('a group\'s members are read through its key, even when the statistics say the tenant has almost none', async () => {
    // A tenant the statistics saw empty, then a burst of 20,000 members in one group: reading another group of two
    // must not go through the tenant (it took 10 ms a decision at 250,000 members, growing with the history).
    const owner = hub.pools.owner;
    const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('member-key') RETURNING id::text")).rows[0].id as string;
    const [busy, small] = (await owner.query(
      `INSERT INTO signal_groups (tenant_id, rule, group_key, group_fields, subject_type, subject_id, opened_at, window_ends_at, updated_at)
       SELECT $1, 'r', k, '{}', 'ip', k, now(), now() + interval '5 minutes', now() FROM unnest(ARRAY['busy', 'small']) k RETURNING id::text`, [tenantId])).rows.map((r) => r.id as string);
    await owner.query('ANALYZE signal_group_members');
    await owner.query(
      `INSERT INTO signal_group_members (tenant_id, group_id, signal_id, source, subject_type, subject_id, signal_key, confidence, observed_at, added_at)
       SELECT $1, CASE WHEN i <= 2 THEN $3::uuid ELSE $2::uuid END, 700000000 + i, 'burst', 'ip', '10.98.0.1', 'ddos.attack', 0.5, now(), now()
       FROM generate_series(1, 20002) i`, [tenantId, busy, small]);
    const plan = await planOfCall(tenantId, async (c) => {
      assert.equal((await listMembers(c, tenantId, small!)).length, 2);
    });
    const nodes = planNodes(plan).filter((n) => n['Index Name']);
    assert.deepEqual(nodes.map((n) => n['Index Name']), ['signal_group_members_pkey'], JSON.stringify(nodes));
    assert.match(nodes[0]['Index Cond'], /group_id = /);
  });

  test('an end report finds the groups holding its source\'s reports with one look-up, whatever the statistics say', async () => {
    // Statistics that saw the tenant empty, then 300 open groups: the semi-join looked the reports up once per group.
    const owner = hub.pools.owner;
    const tenantId = (await owner.query("INSERT INTO tenants (name) VALUES ('end-report') RETURNING id::text")).rows[0].id as string;
    await owner.query('ANALYZE signal_groups; ANALYZE signal_group_members');
    const groups = (await owner.query(
      `INSERT INTO signal_groups (tenant_id, rule, group_key, group_fields, subject_type, subject_id, opened_at, window_ends_at, updated_at)
       SELECT $1, 'r', 'k' || i, '{}', 'ip', '10.97.0.1', now() + i * interval '1 ms', now() + interval '5 minutes', now()
       FROM generate_series(1, 300) i RETURNING id::text`, [tenantId])).rows.map((r) => r.id as string);
    await owner.query(
      `INSERT INTO signal_group_members (tenant_id, group_id, signal_id, source, subject_type, subject_id, signal_key, confidence, observed_at, added_at)
       SELECT $1, g, 600000000 + row_number() OVER (), CASE WHEN g = ANY($2::uuid[]) THEN 'fnm' ELSE 'other' END, 'ip', '10.97.0.1', 'ddos.attack', 0.5, now(), now()
       FROM unnest($3::uuid[]) g, generate_series(1, 20)`, [tenantId, [groups[5], groups[250]], groups]);
    const plan = await planOfCall(tenantId, async (c) => {
      assert.deepEqual((await findGroupsReportedBy(c, tenantId, 'fnm', 'ip', '10.97.0.1', null)).map((g) => g.id), [groups[5], groups[250]]);
    }, true);
    const memberScans = planNodes(plan).filter((n) => n['Relation Name'] === 'signal_group_members');
    assert.deepEqual(memberScans.map((n) => n['Actual Loops']), [1], JSON.stringify(memberScans));
  });

  test('a group stored without a summary (before migration 010) is evaluated from its members', async () => {
    await putConfig(hub, shippedConfig());
    await post(hub, '/v1/signals', ddos('10.11.0.1', 'fastnetmon', 0.9));
    await hub.pools.owner.query("UPDATE signal_groups SET source_summary = NULL WHERE subject_id = '10.11.0.1'");
    await post(hub, '/v1/signals', { signals: [ddos('10.11.0.1', 'scanner', 0.4), ddos('10.11.0.9', 'scanner', 0.4)] });
    const g = await hub.pools.owner.query("SELECT signal_count, source_count, jsonb_array_length(source_summary) AS kept FROM signal_groups WHERE subject_id = '10.11.0.1'");
    assert.deepEqual(g.rows[0], { signal_count: 2, source_count: 2, kept: 2 });
    // (0.9 + 0.4 + 0.9 · 0.8) / 2.8 = 0.72: the gate counts the report the summary was rebuilt from.
    await post(hub, '/v1/signals', ddos('10.11.0.1', 'alertmanager', 0.9));
    assert.equal((await get('/v1/mitigations?indicator=10.11.0.1')).mitigations[0].status, 'active');
  });

  test('one signal the batch statements refuse (a group key over the stored limit) is skipped alone: the rest of its batch is correlated', async () => {
    await putConfig(hub, shippedConfig({ rules: [{ name: 'by_tag', match: { signal_keys: ['tagged.*'] }, group_by: ['signal_value.tag'] }] }));
    const tagged = (tag: string) => ({ ...ddos('10.12.0.1', 'scanner', 0.5), signal_key: 'tagged.event', signal_value: { value: 0.5, tag } });
    const res = await post(hub, '/v1/signals', { signals: [tagged('first'), tagged('x'.repeat(3000)), tagged('last')] });
    assert.equal(res.status, 201);
    const groups = (await get('/v1/signal-groups?rule=by_tag')).signal_groups;
    assert.deepEqual(groups.map((g: any) => g.group_key['signal_value.tag']).sort(), ['first', 'last']);
    const lag = await hub.metrics.registry.getSingleMetric('quorum_feed_lag_seconds')!.get();
    assert.equal(lag.values.find((v) => v.labels.consumer === 'correlation')!.value, 0);
  });

  test('a database that is away makes the whole batch fail, so the feed does not move past it', async () => {
    await putConfig(hub, shippedConfig());
    const gone = new pg.Pool({ connectionString: hub.db.appUrl });
    await endPool(gone);
    const engine = createCorrelationEngine({
      pool: gone, policy: hub.correlation.policy, metrics: hub.metrics, clock: () => new Date(), logger: pino({ level: 'silent' }),
      decider: createDecider({ guardrails: async (t) => (await hub.correlation.policy.forTenant(t)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics, clock: () => new Date() }),
    });
    const [row] = new SqlEmitter(hub.pools.app).validate([ddos('10.13.0.1', 'fastnetmon', 0.9)]);
    await assert.rejects(engine.onBatch({ tenantId: hub.bootstrap.tenantId, signals: [{ ...row!, id: '9000001' }] }), /Cannot use a pool after calling end/);
  });

  test('a report that opens a group takes four round trips, the decision after it five (thirteen before): the batch\'s reads travel with the BEGIN, the open group\'s read with its insert, its members with their evaluations, the member with the list, the lock, the expiry and the guardrails\' facts, the block with its change, the group\'s decision with the COMMIT', async () => {
    await putConfig(hub, shippedConfig());
    const { pool, messages } = countingPool(hub.db.appUrl);
    const engine = createCorrelationEngine({
      pool, policy: hub.correlation.policy, metrics: hub.metrics, clock: () => new Date(), logger: pino({ level: 'silent' }),
      decider: createDecider({ guardrails: async (t) => (await hub.correlation.policy.forTenant(t)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics, clock: () => new Date() }),
    });
    const emitter = new SqlEmitter(hub.pools.app);
    const row = (source: string, id: number) => ({ ...emitter.validate([ddos('10.15.0.1', source, 0.9)])[0]!, id: String(id) });
    try {
      messages.length = 0;
      await engine.onBatch({ tenantId: hub.bootstrap.tenantId, signals: [row('fastnetmon', 3_000_001)] }, ['deciding']);
      // No decision follows: the group is opened, then the member and the evaluation go as one statement.
      assert.equal(messages.length, 4, messages.map((t) => t.trim().split(/\s+/).slice(0, 2).join(' ')).join(' | '));
      assert.match(messages[2]!, /^WITH added AS \([^]*INSERT INTO signal_group_members[^]*UPDATE signal_groups/);
      messages.length = 0;
      await engine.onBatch({ tenantId: hub.bootstrap.tenantId, signals: [row('alertmanager', 3_000_002)] }, ['deciding']);
    } finally {
      await endPool(pool);
    }
    const [m] = (await get('/v1/mitigations?indicator=10.15.0.1')).mitigations;
    assert.deepEqual(m.correlation.sources, ['fastnetmon', 'alertmanager']);
    const words = messages.map((t) => t.trim().split(/\s+/).slice(0, 2).join(' '));
    assert.equal(messages.length, 5, words.join(' | '));
    const message = (part: string) => messages.find((t) => t.includes(part))!;
    assert.match(message('pg_current_xact_id'), /^BEGIN;[^]*pg_current_xact_id[^]*signal_group_members[^]*JOIN incidents/);
    assert.match(message('INSERT INTO signal_groups'), /WHERE false\s+RETURNING id;\nSELECT g\.\* FROM unnest/);
    assert.match(message('INSERT INTO signal_group_members'),
      /ON CONFLICT DO NOTHING;\nSELECT signal_id::text[^]*;\nSELECT pg_advisory_xact_lock[^]*;\nUPDATE mitigations SET status = 'expired'[^]*AS safelist;\nSELECT \* FROM mitigations WHERE[^]*FOR UPDATE$/);
    assert.match(message('INSERT INTO mitigations'), /RETURNING \*;\nWITH v AS \([^]*INSERT INTO block_changes/);
    assert.match(messages.at(-1)!, /^UPDATE signal_groups SET[^]*'corroborated'[^]*;\nCOMMIT$/);
  });

  test('engines of several processes batching overlapping keys in opposite orders keep one open group per key and count every signal once', async () => {
    const cfg = shippedConfig();
    cfg.playbooks[0].correlation = { min_sources: 3 };
    await putConfig(hub, cfg);
    const emitter = new SqlEmitter(hub.pools.app);
    const batches = Array.from({ length: 6 }, (_, b) => {
      const rows = Array.from({ length: 40 }, (_, i) => ({ ...emitter.validate([ddos(`10.14.0.${i}`, 'fastnetmon', 0.9)])[0]!, id: String(2_000_000 + b * 100 + i) }));
      return b % 2 ? rows.reverse() : rows;
    });
    const pools = Array.from({ length: 3 }, () => createPools({ ownerUrl: hub.db.ownerUrl, appUrl: hub.db.appUrl, appPoolSize: 4 }));
    try {
      await Promise.all(batches.map((signals, b) => createCorrelationEngine({
        pool: pools[b % 3]!.app, policy: hub.correlation.policy, metrics: hub.metrics, clock: () => new Date(), logger: pino({ level: 'silent' }),
        decider: createDecider({ guardrails: async (t) => (await hub.correlation.policy.forTenant(t)).config.guardrails, protectedAddresses: () => [], metrics: hub.metrics, clock: () => new Date() }),
      }).onBatch({ tenantId: hub.bootstrap.tenantId, signals })));
    } finally {
      await Promise.all(pools.map(closePools));
    }
    const groups = await hub.pools.owner.query(
      "SELECT count(*)::int AS groups, min(signal_count)::int AS least, max(signal_count)::int AS most FROM signal_groups WHERE subject_id LIKE '10.14.0.%' AND status = 'open'");
    assert.deepEqual(groups.rows[0], { groups: 40, least: 6, most: 6 });
  });
});

/** The tenant's stored signals in feed order, as the feed hands them on. */
async function feedRows(hub: TestHub, keep: (r: StoredRow) => boolean): Promise<StoredRow[]> {
  const page = await withTenant(hub.pools.app, hub.bootstrap.tenantId, (c) => readFeed(c, hub.bootstrap.tenantId, FEED_START, 10_000));
  return page.rows.filter(keep);
}
