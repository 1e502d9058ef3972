import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '../src/config/config.ts';
import { startHub, type Hub } from '../src/hub.ts';
import { createLogger, errorSummary } from '../src/logger.ts';
import { openAuditFile, type AuditFile } from '../src/audit-file.ts';
import { HUB_NODE_FLAGS } from './helpers/child-hub.ts';
import { hubFacts } from '../src/hub/banner.ts';
import { withoutPassword } from '../src/db/printable-url.ts';
import { createAvailabilityWatch, type AvailabilityWatch } from '../src/db/availability.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';
import { waitUntil } from './helpers/hub-process.ts';
import { authedSensor, authMessage, sensorUrl, TestSensor } from './helpers/sensor.ts';

const root = path.resolve(import.meta.dirname, '..');
let db: TestDatabase;
let hub: Hub;
let audit: AuditFile;
let auditPath: string;
let key: string;
const lines: Record<string, any>[] = [];

before(async () => {
  db = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'quorum-ops-'));
  auditPath = path.join(dataDir, 'audit.jsonl');
  audit = await openAuditFile({ path: auditPath, maxBufferBytes: 1024 * 1024 });
  const destination = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l)); done(); } });
  const config = loadConfig({
    databaseUrl: db.ownerUrl, appDatabaseUrl: db.appUrl, port: 0, dataDir, logLevel: 'debug', logFormat: 'json', accessLogSampleAbove: 5,
    auditLogPath: auditPath, metricsTenantLabel: true,
  }, {});
  const logger = createLogger({ level: 'debug', format: 'json', audit, destination });
  hub = await startHub(config, logger, undefined, { auditFile: audit });
  key = hub.bootstrap.adminKey!;
});
after(async () => {
  await hub.stop();
  await audit.close();
  await db.drop();
});

const call = async (method: string, route: string, body?: unknown) => {
  const res = await fetch(hub.url + route, {
    method, headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : text };
};

/** The names /metrics declares (`# TYPE`), with a histogram's and a summary's series names. */
function declaredNames(exposition: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m as unknown as [string, string, string];
    out.set(name, type);
    if (type === 'histogram') for (const s of ['_bucket', '_sum', '_count']) out.set(name + s, type);
    if (type === 'summary') for (const s of ['_sum', '_count']) out.set(name + s, type);
  }
  return out;
}

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'offset', 'bool', 'inf', 'nan']);

/**
 * The metric names a PromQL expression reads: what is left once strings, label matchers, ranges, Grafana variables,
 * numbers, grouping clauses and function names are taken out.
 */
export function metricNamesOf(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\boffset\s+-?[\w.]+/g, ' ')
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/(?<![\w:])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, ' ');
  const names: string[] = [];
  for (const m of bare.matchAll(/([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    if (m[2] || PROMQL_WORDS.has(m[1]!.toLowerCase())) continue;
    names.push(m[1]!);
  }
  return names;
}

test('the PromQL reader finds metric names and leaves functions, labels, ranges and variables out', () => {
  assert.deepEqual(metricNamesOf('histogram_quantile(0.95, sum by (le, route) (rate(quorum_http_request_duration_seconds_bucket{route!="x"}[$__rate_interval])))'),
    ['quorum_http_request_duration_seconds_bucket']);
  assert.deepEqual(metricNamesOf('quorum_a_total / on(instance) group_left quorum_b + 1e3 * max(quorum_c{tenant=~"$tenant"} offset 5m)'), ['quorum_a_total', 'quorum_b', 'quorum_c']);
  assert.deepEqual(metricNamesOf('label_values(quorum_signals_ingested_total, tenant)'), ['quorum_signals_ingested_total', 'tenant']);
});

test('every metric a panel of docs/grafana/quorum.json queries exists on a running hub', async () => {
  // A little traffic first: signals, a block by hand, a refusal.
  const signal = { source: 'cert_scan', subject_type: 'domain', subject_id: 'example.com', signal_key: 'cert.expiry_days', signal_value: { value: 3 }, severity: 'low', observed_at: new Date().toISOString() };
  assert.equal((await call('POST', '/v1/signals', { signals: [signal] })).status, 201);
  assert.equal((await call('POST', '/v1/blocks', { indicator: '198.51.100.9', ttl_seconds: 600, reason: 'grafana test' })).status, 201);
  const exposition = (await call('GET', '/metrics')).body as string;
  const declared = declaredNames(exposition);
  const dashboard = JSON.parse(await readFile(path.join(root, 'docs/grafana/quorum.json'), 'utf8'));
  const exprs: { where: string; expr: string }[] = [];
  for (const p of dashboard.panels) for (const t of p.targets ?? []) exprs.push({ where: `panel "${p.title}" ${t.refId}`, expr: t.expr });
  for (const v of dashboard.templating.list) if (v.type === 'query') exprs.push({ where: `variable ${v.name}`, expr: String(v.definition).replace(/,\s*\w+\)$/, ')') });
  assert.ok(exprs.length >= 30, 'the dashboard has its panels');
  const missing = exprs.flatMap(({ where, expr }) => metricNamesOf(expr).filter((n) => !declared.has(n)).map((n) => `${where}: ${n}`));
  assert.deepEqual(missing, []);
  // Every datasource is the variable, so the dashboard imports into any Grafana.
  for (const p of dashboard.panels.filter((x: any) => x.type !== 'row')) assert.equal(p.datasource.uid, '${datasource}', p.title);
  // Series the panels group by tenant have the label.
  assert.match(exposition, new RegExp(`quorum_signals_ingested_total\\{path="http",tenant="${hub.bootstrap.tenantId}"\\} 1`));
  assert.match(exposition, new RegExp(`quorum_block_changes_total\\{change="created",tenant="${hub.bootstrap.tenantId}"\\} 1`));
  assert.match(exposition, /quorum_enforcement_deliveries_total\{target="bouncers"\} 0|# TYPE quorum_enforcement_deliveries_total counter/);
});

test('metric names follow the Prometheus conventions: standard process and Node names, quorum_ with units for the rest', async () => {
  const declared = declaredNames((await call('GET', '/metrics')).body as string);
  for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) assert.ok(declared.has(name), name);
  const bad: string[] = [];
  for (const [name, type] of declared) {
    if (name.startsWith('quorum_process_')) bad.push(`${name}: prefixed default metric`);
    if (!/^(quorum|process|nodejs)_/.test(name)) bad.push(`${name}: no quorum_ prefix`);
    if (type === 'counter' && !name.endsWith('_total')) bad.push(`${name}: counter without _total`);
    if (name.startsWith('quorum_') && /duration|latency|_time$|_age$|_lag$/.test(name) && !/_seconds(_bucket|_sum|_count)?$/.test(name)) bad.push(`${name}: a time without _seconds`);
  }
  assert.deepEqual(bad, []);
});

test('a block by hand logs block.created at info with stable fields, after commit, and the audit file gets it and the API write', async () => {
  const res = await call('POST', '/v1/blocks', { indicator: '203.0.113.77', ttl_seconds: 900, reason: 'audit test' });
  assert.equal(res.status, 201);
  const id = res.body.block.id;
  const line = await waitUntil('the block.created line', 5000, async () => lines.find((l) => l.event === 'block.created' && l.mitigationId === id));
  assert.equal(line.level, 30);
  assert.equal(line.tenantId, hub.bootstrap.tenantId);
  assert.equal(line.indicator, '203.0.113.77/32');
  assert.equal(line.origin, 'manual');
  await audit.flushed();
  const records = await waitUntil('both audit records', 5000, async () => {
    await audit.flushed();
    const all = (await readFile(auditPath, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    const block = all.find((r) => r.event === 'block.created' && r.mitigationId === id);
    const write = all.find((r) => r.event === 'api.write' && r.route === '/v1/blocks' && r.status === 201);
    return block && write ? { block, write } : undefined;
  });
  assert.equal(records.block.indicator, '203.0.113.77/32');
  assert.match(records.block.at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(records.block.level, undefined, 'log bookkeeping is left out');
  assert.equal(records.write.actor.kind, 'key');
  assert.equal(records.write.tenantId, hub.bootstrap.tenantId);
});

test('a block refused by a guardrail logs block.rejected with the guardrail and the reason', async () => {
  const res = await call('POST', '/v1/blocks', { indicator: '0.0.0.0/0', ttl_seconds: 600 });
  assert.equal(res.status, 422);
  const line = await waitUntil('the block.rejected line', 5000, async () => lines.find((l) => l.event === 'block.rejected' && l.indicator.startsWith('0.0.0.0')));
  assert.equal(line.level, 30);
  assert.equal(typeof line.guardrail, 'string');
  assert.ok(line.reason, 'says why');
});

test('a policy change and a key creation are logged with who and are in the audit file', async () => {
  const policy = await call('PUT', '/v1/config/correlation', {});
  assert.equal(policy.status, 200);
  const created = await call('POST', '/v1/keys', { tenantId: hub.bootstrap.tenantId, scopes: ['signal:read'] });
  assert.equal(created.status, 201);
  const changed = await waitUntil('policy.changed', 5000, async () => lines.find((l) => l.event === 'policy.changed'));
  assert.equal(changed.version, policy.body.version);
  assert.ok(changed.by);
  const keyLine = lines.find((l) => l.event === 'key.created');
  assert.equal(keyLine?.keyId, created.body.id);
  assert.ok(!JSON.stringify(lines).includes(created.body.key), 'the secret is never logged');
  await waitUntil('audit records of both', 5000, async () => {
    await audit.flushed();
    const text = await readFile(auditPath, 'utf8');
    return text.includes('"event":"policy.changed"') && text.includes(`"keyId":"${created.body.id}"`);
  });
});

test('a refused login is in the audit file as login.refused with its reason, never the password', async () => {
  const res = await fetch(hub.url + '/v1/session', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody-here', password: 'not-the-password-123' }),
  });
  assert.equal(res.status, 401);
  const line = await waitUntil('the refused login in the audit file', 5000, async () => {
    await audit.flushed();
    return (await readFile(auditPath, 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .find((l) => l.event === 'login.refused' && l.actor?.name === 'nobody-here');
  });
  assert.equal(line.reason, 'unknown_user');
  assert.equal(line.actor.kind, 'login');
  assert.ok(!(await readFile(auditPath, 'utf8')).includes('not-the-password-123'));
});

test('the access log writes one debug line per request with the key id, never the key, sampled above the rate', async () => {
  const before = lines.length;
  // A new second first, so that the first request is under the rate and logged in full.
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000)));
  await call('GET', '/v1/blocks');
  for (let i = 0; i < 40; i++) await call('GET', '/healthz');
  const access = await waitUntil('the access lines', 5000, async () => {
    const got = lines.slice(before).filter((l) => l.msg === 'request');
    return got.some((l) => l.route === '/v1/blocks') && got.some((l) => l.sampled) ? got : undefined;
  });
  const health = access.filter((l) => l.route === '/healthz');
  assert.ok(health.length >= 5 && health.length < 40, `sampled: ${health.length} of 40 logged`);
  assert.ok(health.some((l) => l.sampled === 10), 'a sampled line says its rate');
  const blocks = access.find((l) => l.route === '/v1/blocks')!;
  assert.equal(blocks.level, 20);
  assert.equal(blocks.method, 'GET');
  assert.equal(blocks.status, 200);
  assert.equal(typeof blocks.durationMs, 'number');
  assert.match(blocks.keyId, /^[0-9a-f]{32}$|^[0-9a-f-]{36}$/);
  assert.ok(!JSON.stringify(access).includes(key), 'never the key');
});

test('the audit file follows logrotate: after a rename the next line goes to a new file at the path', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-audit-'));
  const file = path.join(dir, 'audit.jsonl');
  const a = await openAuditFile({ path: file, maxBufferBytes: 65536 });
  a.append({ event: 'one' });
  await a.flushed();
  await rename(file, `${file}.1`);
  a.append({ event: 'two' });
  await a.close();
  assert.deepEqual((await readFile(`${file}.1`, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).event), ['one']);
  assert.deepEqual((await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).event), ['two']);
});

test('only a log line marked audit at its top level reaches the audit file, not one carrying audit: true in its data', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-audit-'));
  const file = path.join(dir, 'audit.jsonl');
  const a = await openAuditFile({ path: file, maxBufferBytes: 65536 });
  a.appendLogLine(JSON.stringify({ level: 30, time: Date.now(), msg: 'data', body: { audit: true } }));
  a.appendLogLine(JSON.stringify({ level: 30, time: Date.now(), msg: 'marked', event: 'key.created', audit: true }));
  await a.close();
  assert.deepEqual((await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l).msg), ['marked']);
});

test('a full audit buffer drops new lines and counts them instead of making the caller wait', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'quorum-audit-'));
  const file = path.join(dir, 'audit.jsonl');
  const told: string[] = [];
  const a = await openAuditFile({ path: file, maxBufferBytes: 4096, onDrop: (reason) => told.push(reason) });
  const started = performance.now();
  // 200 lines of ~100 bytes queued in one turn: the buffer holds about 40 of them.
  for (let i = 0; i < 200; i++) a.append({ event: 'burst', i, pad: 'x'.repeat(60) });
  assert.ok(performance.now() - started < 200, 'append never waits for the disk');
  await a.close();
  const written = (await readFile(file, 'utf8')).trim().split('\n').length;
  assert.equal(written + a.dropped(), 200);
  assert.ok(a.dropped() > 100, `dropped ${a.dropped()}`);
  assert.deepEqual(told, ['buffer_full'], 'told once per burst');
});

test('an error is logged as its type, message, code and stack: never an object hung on it (a pg client)', () => {
  const err = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET', client: { huge: 'x'.repeat(10_000), _events: {} } });
  assert.deepEqual(Object.keys(errorSummary(err) as object).sort(), ['code', 'message', 'stack', 'type']);
  const out: string[] = [];
  const logger = createLogger({ level: 'info', format: 'json', destination: { write: (l: string) => { out.push(l); } } });
  logger.warn({ err }, 'a database connection failed');
  assert.ok(out[0]!.length < 2000, `one short line (${out[0]!.length} bytes)`);
  assert.doesNotMatch(out[0]!, /huge|_events/);
});

test('the banner names the dashboard, the API docs, the data dir and an external database without its password', () => {
  assert.equal(withoutPassword('postgres://quorum:s3cret@db.example:5432/quorum'), 'postgres://quorum:***@db.example:5432/quorum');
  const f = hubFacts({
    url: 'http://0.0.0.0:7700', correlationEnabled: [true, false, true],
    config: { dataDir: '/var/lib/quorum', databaseUrl: 'postgres://quorum:s3cret@db.example:5432/quorum', embeddedPgPort: 7732, feedConsume: false, gobgpAddr: '127.0.0.1:50051', gobgpMode: 'flowspec', auditLogPath: null },
  });
  assert.match(f.feeds, /^not followed here \(QUORUM_FEED_CONSUME=false\): another hub on this database must follow them/);
  assert.equal(f.dashboard, 'http://127.0.0.1:7700/');
  assert.equal(f.apiDocs, 'http://127.0.0.1:7700/docs');
  assert.equal(f.database, 'postgres://quorum:***@db.example:5432/quorum');
  assert.deepEqual(f.correlation, { enabledTenants: 2, tenants: 3 });
  assert.equal(f.enforcement.bgp, 'GoBGP at 127.0.0.1:50051 (flowspec)');
  assert.ok(!JSON.stringify(f).includes('s3cret'));
});

test('the database going away and coming back is one warn line and one info line, however many connections fail', async () => {
  const said: { level: string; fields: Record<string, unknown> }[] = [];
  let up = false;
  const watch: AvailabilityWatch = createAvailabilityWatch({
    // As in the hub: every probe's answer is also observed.
    probe: { check: async () => { watch.observe(up); return up; } },
    logger: { warn: ((fields: Record<string, unknown>) => said.push({ level: 'warn', fields })) as never, info: ((fields: Record<string, unknown>) => said.push({ level: 'info', fields })) as never },
    intervalMs: 20,
  });
  for (let i = 0; i < 5; i++) watch.suspect();
  await waitUntil('the unavailable line', 2000, async () => said.length === 1);
  await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(said.map((s) => s.fields.event), ['database.unavailable'], 'one line while it stays away');
  up = true;
  await waitUntil('the back line', 2000, async () => said.length === 2);
  assert.equal(said[1]!.fields.event, 'database.back');
  assert.equal(said[1]!.level, 'info');
  watch.suspect();
  await new Promise((r) => setTimeout(r, 60));
  watch.stop();
  assert.equal(said.length, 2, 'a suspicion the probe clears says nothing');
});

test('a sensor refused for another fingerprint than its pinned one logs sensor.identity_refused at info, never its key', async () => {
  const fp = 't13d1516h2_8daaf6152771_b0da82dd1658';
  (await authedSensor(hub.url, key, { sensorId: 'edge-ops-pin', fingerprint: fp })).close();
  const other = new TestSensor(sensorUrl(hub.url));
  await other.opened;
  other.send(authMessage(key, { sensorId: 'edge-ops-pin', fingerprint: 't13d1516h2_8daaf6152771_e5627efa2ab1' }));
  assert.equal((await other.next()).code, 'IDENTITY_VERIFICATION_FAILED');
  const refused = await waitUntil('sensor.identity_refused', 5000, async () => lines.find((l) => l.event === 'sensor.identity_refused' && l.sensorId === 'edge-ops-pin'));
  assert.equal(refused.level, 30);
  assert.equal(refused.tenantId, hub.bootstrap.tenantId);
  assert.ok(!JSON.stringify(refused).includes(key));
});

test('a sensor connecting and leaving logs sensor.connected and sensor.disconnected with its id, never its key', async () => {
  const sensor = await authedSensor(hub.url, key, { sensorId: 'edge-ops-1' });
  const connected = await waitUntil('sensor.connected', 5000, async () => lines.find((l) => l.event === 'sensor.connected' && l.sensorId === 'edge-ops-1'));
  assert.equal(connected.level, 30);
  assert.equal(connected.tenantId, hub.bootstrap.tenantId);
  sensor.close();
  const gone = await waitUntil('sensor.disconnected', 5000, async () => lines.find((l) => l.event === 'sensor.disconnected' && l.sensorId === 'edge-ops-1'));
  assert.equal(gone.level, 30);
  assert.ok(!JSON.stringify([connected, gone]).includes(key));
});

test('every launcher gives the hub the same V8 flags, and they make its young generation 64 MiB from the start', async () => {
  const flags = HUB_NODE_FLAGS.join(' ');
  const root = path.resolve(import.meta.dirname, '..');
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8'));
  assert.match(pkg.scripts.start, new RegExp(`&& node ${flags} --import tsx src/cli/main\\.ts start$`));
  assert.match(await readFile(path.join(root, 'deploy/quorum.service'), 'utf8'), new RegExp(`^ExecStart=/usr/bin/node ${flags} /opt/quorum/bin/quorum\\.js start`, 'm'));
  assert.match(await readFile(path.join(root, 'deploy/docker-entrypoint.sh'), 'utf8'), new RegExp(`^exec node ${flags} bin/quorum\\.js "\\$@"$`, 'm'));
  assert.match(await readFile(path.join(root, 'bin/quorum.js'), 'utf8'), new RegExp(`^#!/usr/bin/env -S node ${flags}\n`));
  const newSpace = (args: string[]) => Number(spawnSync(process.execPath, [...args, '-p',
    "require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size"], { encoding: 'utf8' }).stdout);
  assert.equal(newSpace(HUB_NODE_FLAGS), 64 * 1024 * 1024);
  assert.ok(newSpace([]) < 64 * 1024 * 1024, 'without the flags the young generation starts smaller');
});

test('the WebSocket library unmasks sensor frames natively: bufferutil\'s prebuilt addon loads where ws looks for it', () => {
  const fromWs = createRequire(createRequire(import.meta.url).resolve('ws'));
  const { unmask } = fromWs('bufferutil') as { unmask: (b: Buffer, mask: Buffer) => void };
  assert.match(Function.prototype.toString.call(unmask), /\[native code\]/);
  const frame = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33]);
  unmask(frame, Buffer.from([0xff, 0, 0xff, 0]));
  assert.deepEqual([...frame.subarray(0, 4)], [0xfe, 2, 0xfc, 4]);
});
