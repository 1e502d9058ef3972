// Hostile HTTP input (issue 7, defects 5 and 6): each shape that once stored part of a request or answered 500.
// Every case asserts a 4xx naming the field and that nothing of the refused request was stored.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { aSignal, startTestHub, type TestHub } from './helpers/hub.ts';
import { fixtureJson, putConfig, shippedConfig } from './helpers/correlation.ts';

let hub: TestHub;
before(async () => {
  hub = await startTestHub();
  await putConfig(hub, shippedConfig({
    webhooks: { scrubber: { mapping: { victim: '$.target.ip', vector: '$.attack.kind', id: '$.id' } } },
  }));
});
after(async () => { await hub.close(); });

const LONE = '\ud800';

async function rows(table: string): Promise<number> {
  return (await hub.db.pools.owner.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
}

/** Sends a request and asserts a 400 with `code`, naming `field` somewhere in the problem; nothing of it stored. */
async function refused(method: string, url: string, body: unknown, code: string, field: string | RegExp) {
  const before = { signals: await rows('signal_streams'), mitigations: await rows('mitigations'), safelist: await rows('safelist_entries') };
  const res = await hub.request(method, url, { key: hub.adminKey, ...(body === undefined ? {} : { body }) });
  assert.equal(res.status, 400, `${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(res.body.code, code);
  assert.match(JSON.stringify(res.body), typeof field === 'string' ? new RegExp(`"field":"${field.replace(/[[\]]/g, '\\$&')}"`) : field);
  assert.deepEqual({ signals: await rows('signal_streams'), mitigations: await rows('mitigations'), safelist: await rows('safelist_entries') }, before);
  return res;
}

const signals = (n: number, at: number, over: Record<string, unknown>) =>
  ({ signals: Array.from({ length: n }, (_, i) => aSignal({ subject_id: `s${i}.example`, ...(i === at ? over : {}) })) });

describe('the text rule on signals', () => {
  test('a lone surrogate in a signal_value string is refused as invalid_signal, small batch', async () => {
    await refused('POST', '/v1/signals', signals(3, 1, { signal_value: { value: `a${LONE}b` } }), 'invalid_signal', 'signal_value');
  });
  test('a lone surrogate in a key of signal_value, nested, is refused as invalid_signal', async () => {
    await refused('POST', '/v1/signals', signals(3, 2, { signal_value: { value: 1, meta: { [`k${LONE}`]: 1 } } }), 'invalid_signal', 'signal_value');
  });
  test('a lone surrogate in subject_id is refused as invalid_signal', async () => {
    await refused('POST', '/v1/signals', aSignal({ subject_id: `x${LONE}` }), 'invalid_signal', 'subject_id');
  });
  test('a large batch (COPY path) with a lone surrogate is refused, never stored as U+FFFD', async () => {
    await refused('POST', '/v1/signals', signals(40, 33, { signal_value: { value: LONE } }), 'invalid_signal', 'signal_value');
    await refused('POST', '/v1/signals', signals(40, 7, { subject_id: `${LONE}.example` }), 'invalid_signal', 'subject_id');
    const fffd = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id LIKE '%\uFFFD%' OR signal_value::text LIKE '%\uFFFD%'");
    assert.equal(fffd.rows[0].n, 0);
  });
  test('signal_value nested 3,000 levels deep (a 6 KB body) is a 400, not a stack overflow', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = { a: deep };
    const res = await refused('POST', '/v1/signals', aSignal({ signal_value: { value: 1, deep } }), 'invalid_request', /nest/);
    assert.ok(res.body.detail.length > 0);
  });
  test('signal_value one level deeper than the limit is invalid_signal naming signal_value', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 32; i++) deep = { a: deep };
    await refused('POST', '/v1/signals', aSignal({ signal_value: { value: deep } }), 'invalid_signal', 'signal_value');
  });
});

describe('the timestamp rule', () => {
  test('observed_at with a +16:00 offset is invalid_signal naming observed_at', async () => {
    // An hour ago, written in a +16:00 zone: only the offset is wrong.
    const local = new Date(Date.now() - 3_600_000 + 16 * 3_600_000).toISOString().slice(0, 19);
    await refused('POST', '/v1/signals', aSignal({ observed_at: `${local}+16:00` }), 'invalid_signal', 'observed_at');
  });
  const bad: Array<[string, string]> = [['year 0', '0000-01-01T00:00:00Z'], ['offset +16:00', '2026-01-01T00:00:00+16:00'], ['not a timestamp', 'yesterday']];
  for (const [name, value] of bad) {
    for (const url of ['/v1/signals', '/v1/signal-groups', '/v1/mitigations']) {
      test(`since and until with ${name} on ${url} are a 400 naming the field`, async () => {
        await refused('GET', `${url}?since=${encodeURIComponent(value)}`, undefined, 'invalid_request', /since/);
        await refused('GET', `${url}?until=${encodeURIComponent(value)}`, undefined, 'invalid_request', /until/);
      });
    }
  }
  test('replay since and until with year 0 or a +16:00 offset are a 400 naming the field', async () => {
    const config = shippedConfig();
    await refused('POST', '/v1/config/correlation/replay', { config, since: '0000-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, 'invalid_request', /since/);
    await refused('POST', '/v1/config/correlation/replay', { config, since: '2026-01-01T00:00:00Z', until: '2026-01-02T00:00:00+16:00' }, 'invalid_request', /until/);
  });
});

describe('the text rule on query strings, path parameters and reasons', () => {
  test('NUL in the subject_id query of GET /v1/signals is a 400 naming subject_id', async () => {
    await refused('GET', '/v1/signals?subject_id=%00', undefined, 'invalid_request', 'subject_id');
  });
  test('NUL in a subject path parameter is a 400 naming subject_id', async () => {
    await refused('GET', '/v1/subjects/x/a%00b', undefined, 'invalid_request', 'subject_id');
  });
  test('NUL in the rule query of GET /v1/signal-groups is a 400 naming rule', async () => {
    await refused('GET', '/v1/signal-groups?rule=%00', undefined, 'invalid_request', 'rule');
  });
  test('NUL or a lone surrogate in a mitigation reason is a 400 naming reason and blocks nothing', async () => {
    await refused('POST', '/v1/mitigations', { indicator: '203.0.113.9', ttl_seconds: 60, reason: 'a\u0000b' }, 'invalid_request', 'reason');
    await refused('POST', '/v1/mitigations', { indicator: '203.0.113.9', ttl_seconds: 60, reason: `a${LONE}` }, 'invalid_request', 'reason');
  });
  test('a lone surrogate in a safelist reason is a 400 naming reason', async () => {
    await refused('POST', '/v1/safelist', { cidr: '203.0.113.0/24', reason: LONE }, 'invalid_request', 'reason');
  });
});

describe('numbers in query strings', () => {
  // Found by the block changes feed's fuzz generator: schema coercion made these ±Infinity, past minimum and maximum.
  for (const url of ['/v1/signals', '/v1/signal-groups', '/v1/mitigations', '/v1/config/correlation/versions', '/v1/blocks/changes']) {
    for (const value of ['Infinity', '-Infinity', '1e400']) {
      test(`limit=${value} on ${url} is a 400 naming limit, not a 500`, async () => {
        await refused('GET', `${url}?limit=${value}`, undefined, 'invalid_request', 'limit');
      });
    }
  }
});

describe('cursors', () => {
  const cursor = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  for (const url of ['/v1/signals', '/v1/signal-groups', '/v1/mitigations']) {
    test(`a cursor whose timestamp is not one is invalid_cursor on ${url}`, async () => {
      await refused('GET', `${url}?cursor=${cursor(['x', '1'])}`, undefined, 'invalid_cursor', 'cursor');
      await refused('GET', `${url}?cursor=${cursor(['0000-01-01T00:00:00Z', '00000000-0000-0000-0000-000000000000'])}`, undefined, 'invalid_cursor', 'cursor');
    });
  }
  test('a signal cursor whose id exceeds bigint is invalid_cursor', async () => {
    await refused('GET', `/v1/signals?cursor=${cursor(['2026-01-01T00:00:00Z', '99999999999999999999'])}`, undefined, 'invalid_cursor', 'cursor');
  });
});

describe('adapters', () => {
  test('POST /v1/signals/webhook/ with a prototype name is a 404', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty']) {
      const res = await hub.request('POST', `/v1/signals/webhook/${name}`, { key: hub.adminKey, body: { target: { ip: '10.0.0.1' } } });
      assert.equal(res.status, 404, `${name}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  test('an Alertmanager webhook whose second alert has a lone surrogate in a label stores nothing and answers 400', async () => {
    const body = fixtureJson('alertmanager/webhook-firing.json');
    const first = body.alerts[0];
    body.alerts = [first, { ...first, fingerprint: 'f2', labels: { ...first.labels, team: `x${LONE}` } }];
    await refused('POST', '/v1/signals/alertmanager', body, 'invalid_request', /alerts.*labels/);
  });
  // Found by the HTTP fuzz (seed 1165112165): String() of an object whose "toString" is not a function throws.
  test('an Alertmanager webhook whose version is an object with a toString key is a 400 naming version, not a 500', async () => {
    const body = { ...fixtureJson('alertmanager/webhook-firing.json'), version: { toString: 1, valueOf: {} } };
    await refused('POST', '/v1/signals/alertmanager', body, 'invalid_request', 'version');
  });
  test('a resolved Alertmanager alert whose startsAt is an object with a toString key is stored, not a 500', async () => {
    const body = fixtureJson('alertmanager/webhook-firing.json');
    body.alerts = [{ ...body.alerts[0], status: 'resolved', fingerprint: 'tostring-1', startsAt: { toString: 1 } }];
    const res = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.stored, 1);
  });
  test('an Alertmanager webhook nested 3,000 levels deep is a 400', async () => {
    const body = fixtureJson('alertmanager/webhook-firing.json');
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = [deep];
    body.alerts[0].annotations = { deep };
    await refused('POST', '/v1/signals/alertmanager', body, 'invalid_request', /nest/);
  });
  test('a FastNetMon notification with NUL in attack_details is a 400 naming the field', async () => {
    await refused('POST', '/v1/signals/fastnetmon', { action: 'ban', ip: '10.0.0.9', attack_details: { attack_type: 'a\u0000' } }, 'invalid_request', /attack_details/);
  });
  test('a generic webhook array whose second event has a lone surrogate stores nothing and answers 400', async () => {
    await refused('POST', '/v1/signals/webhook/scrubber', [
      { id: 'e1', target: { ip: '10.0.0.7' }, attack: { kind: 'udp' } },
      { id: `e2${LONE}`, target: { ip: '10.0.0.8' }, attack: { kind: 'udp' } },
    ], 'invalid_request', /\[1\]|\/1/);
  });
  test('a generic webhook body nested 3,000 levels deep is a 400', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 3000; i++) deep = { a: deep };
    await refused('POST', '/v1/signals/webhook/scrubber', { target: { ip: '10.0.0.7' }, deep }, 'invalid_request', /nest/);
  });
});

describe('names and bodies', () => {
  test('NUL or a lone surrogate in a tenant or key name is a 400 naming name, and creates nothing', async () => {
    const tenants = await rows('tenants');
    const keys = await rows('api_keys');
    await refused('POST', '/v1/tenants', { name: 'a\u0000b' }, 'invalid_request', 'name');
    await refused('POST', '/v1/keys', { tenantId: hub.bootstrap.tenantId, scopes: ['signal:read'], name: `k${LONE}` }, 'invalid_request', 'name');
    assert.deepEqual([await rows('tenants'), await rows('api_keys')], [tenants, keys]);
  });
  test('a JSON body that is not UTF-8 is a 400, never decoded to U+FFFD and stored', async () => {
    const before = await rows('signal_streams');
    // subject_id "X" with its X replaced by the bytes FF FE, which no UTF-8 text contains.
    const [head, tail] = JSON.stringify(aSignal({ subject_id: 'X' })).split('"X"') as [string, string];
    const raw = Buffer.concat([Buffer.from(`${head}"`), Buffer.from([0xff, 0xfe]), Buffer.from(`"${tail}`)]);
    const res = await fetch(`${hub.url}/v1/signals`, { method: 'POST', headers: { authorization: `Bearer ${hub.adminKey}`, 'content-type': 'application/json' }, body: raw });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { field: string }).field, 'body');
    assert.equal(await rows('signal_streams'), before);
  });
});

describe('adapters store a request whole', () => {
  test('two resolved alerts of one occurrence in one webhook: the first is stored, the second is a duplicate', async () => {
    const body = fixtureJson('alertmanager/webhook-firing.json');
    const alert = { ...body.alerts[0], status: 'resolved', fingerprint: 'whole-1', labels: { ...body.alerts[0].labels, victim_ip: '198.51.100.77' } };
    body.alerts = [alert, alert];
    const res = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.results.map((r: { outcome: string }) => r.outcome), ['stored', 'duplicate']);
    assert.deepEqual([res.body.stored, res.body.duplicates], [1, 1]);
    const again = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
    assert.deepEqual(again.body.results.map((r: { outcome: string }) => r.outcome), ['duplicate', 'duplicate']);
    const n = await hub.db.pools.owner.query("SELECT count(*)::int AS n FROM signal_streams WHERE subject_id = '198.51.100.77'");
    assert.equal(n.rows[0].n, 1);
  });
  test('an alert whose annotations nest deeper than the value allows is stored without its raw copy', async () => {
    const body = fixtureJson('alertmanager/webhook-firing.json');
    let deep: unknown = 1;
    for (let i = 0; i < 31; i++) deep = { a: deep };
    body.alerts[0] = { ...body.alerts[0], fingerprint: 'deep-1', annotations: { ...body.alerts[0].annotations, deep }, labels: { ...body.alerts[0].labels, victim_ip: '198.51.100.78' } };
    const res = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
    assert.equal(res.status, 200);
    assert.equal(res.body.results[0].outcome, 'stored');
    const stored = await hub.db.pools.owner.query("SELECT signal_value FROM signal_streams WHERE subject_id = '198.51.100.78'");
    assert.equal(stored.rows[0].signal_value.raw, undefined);
  });
});

describe('found by the fuzz suite', () => {
  test('concurrent first writes into a day that has no partition yet all succeed (no 500 from the partition race)', async () => {
    for (const daysAgo of [5, 6, 7]) {
      const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ subject_id: `race${i}.example`, observed_at: at }) })));
      assert.deepEqual(results.map((r) => r.status), Array(8).fill(201), JSON.stringify(results.map((r) => r.body)));
    }
  });
});

test('unknown signal fields are counted in /metrics as field "other", so senders cannot grow the label set', async () => {
  const name = `zz_${Date.now()}`;
  const res = await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: aSignal({ [name]: 1 }) });
  assert.equal(res.status, 400);
  assert.equal(res.body.errors[0].field, name);
  const metrics = (await hub.request('GET', '/metrics')).body as string;
  assert.doesNotMatch(metrics, new RegExp(name));
  assert.match(metrics, /quorum_signals_rejected_total\{path="http",field="other",rule="unknown_field"\} \d+/);
});

test('an Alertmanager severity label named like a prototype property is an unmapped severity, not a 500', async () => {
  const body = fixtureJson('alertmanager/webhook-firing.json');
  body.alerts = ['constructor', 'toString', '__proto__', 'valueOf'].map((severity, i) => ({
    ...body.alerts[0], fingerprint: `proto-${i}`, labels: { ...body.alerts[0].labels, severity, victim_ip: `198.51.100.${90 + i}` },
  }));
  const res = await hub.request('POST', '/v1/signals/alertmanager', { key: hub.adminKey, body });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.results.map((r: { confidence: number }) => r.confidence), [0.5, 0.5, 0.5, 0.5]);
});

describe('paths Fastify cannot decode', () => {
  test('a percent-encoded lone surrogate in the path is a problem+json 400 like every other refusal', async () => {
    const res = await hub.request('DELETE', '/v1/keys/%ED%A0%80', { key: hub.adminKey });
    assert.equal(res.status, 400);
    assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(res.body.code, 'invalid_request');
  });
});
