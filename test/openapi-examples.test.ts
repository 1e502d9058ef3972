// Sends every example the OpenAPI document shows (bodies, path and query parameters) to a running hub, with a key of the
// route's scope (`x-scope`), and expects a success status the document gives: an example a reader copies works as-is.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestHub, type TestHub } from './helpers/hub.ts';
import { TestSensor, authMessage, authedSensor, sensorUrl } from './helpers/sensor.ts';
import { waitUntil } from './helpers/hub-process.ts';
import type { Scope } from '../src/core/types.ts';

let hub: TestHub;
let doc: any;
before(async () => {
  hub = await startTestHub();
  doc = (await hub.request('GET', '/openapi.json')).body;
});
after(async () => { await hub.close(); });

type Sent = { status: number; body: any; headers: Headers };
/** What a step may change before sending: ids the hub made (an example id cannot exist on a fresh hub), a one-time code. */
interface Step { op: string; auth?: 'session'; path?: () => Record<string, string>; query?: () => Record<string, string>; body?: (example: any) => any; then?: (res: Sent) => void | Promise<void> }

const made: Record<string, string> = {};
let session = { cookie: '', csrf: '' };
const keep = (name: string, pick: (body: any) => string) => (res: Sent) => { made[name] = pick(res.body); };
const id = (name: string) => () => ({ id: made[name]! });
const caughtUp = () => hub.correlation.caughtUp();

/** Every documented operation, in an order where what a step needs was made by an earlier one. */
const STEPS: Step[] = [
  { op: 'GET /healthz' }, { op: 'GET /readyz' }, { op: 'GET /metrics' },
  { op: 'POST /v1/tenants' }, { op: 'GET /v1/tenants' },
  { op: 'POST /v1/keys', then: keep('key', (b) => b.id) }, { op: 'GET /v1/keys' }, { op: 'DELETE /v1/keys/{id}', path: id('key') },
  { op: 'POST /v1/setup', body: (e) => ({ ...e, code: hub.setupCode }) },
  { op: 'POST /v1/users', then: keep('user', (b) => b.id) }, { op: 'GET /v1/users' },
  { op: 'POST /v1/session', then: (res) => { session = sessionOf(res); } },
  { op: 'GET /v1/session' }, { op: 'DELETE /v1/session', auth: 'session', then: login },
  { op: 'DELETE /v1/sessions', auth: 'session' }, { op: 'DELETE /v1/users/{id}', path: id('user') },
  // Turns correlation on and configures the `scrubber` webhook the webhook example posts to.
  { op: 'PUT /v1/config/correlation' }, { op: 'GET /v1/config/correlation' }, { op: 'GET /v1/config/correlation/versions' },
  { op: 'GET /v1/config/correlation/versions/{version}' },
  { op: 'POST /v1/signals' }, { op: 'GET /v1/signals' }, { op: 'POST /v1/agent-signals' }, { op: 'GET /v1/subjects/{subject_type}/{subject_id}' },
  { op: 'POST /v1/signals/alertmanager' }, { op: 'POST /v1/signals/fastnetmon', then: caughtUp }, { op: 'POST /v1/signals/webhook/{name}' },
  { op: 'GET /v1/signal-groups', then: keep('group', (b) => b.signal_groups[0].id) }, { op: 'GET /v1/signal-groups/{id}', path: id('group') },
  { op: 'GET /v1/incidents', then: openIncident }, { op: 'GET /v1/incidents/{id}', path: id('incident') },
  { op: 'GET /v1/mitigations' }, { op: 'POST /v1/mitigations', then: keep('mitigation', (b) => b.mitigation.id) },
  { op: 'GET /v1/mitigations/{id}', path: id('mitigation') },
  { op: 'GET /v1/reports/incident', query: () => ({ mitigation_id: made.mitigation! }) },
  { op: 'POST /v1/mitigations/{id}/withdraw', path: id('mitigation') },
  { op: 'GET /v1/safelist' }, { op: 'POST /v1/safelist', then: keep('safelist', (b) => b.id) }, { op: 'DELETE /v1/safelist/{id}', path: id('safelist') },
  { op: 'GET /v1/blocks/changes' }, { op: 'GET /v1/feed/consumers' }, { op: 'GET /v1/blocks/sensors' }, { op: 'GET /v1/blocks' },
  { op: 'POST /v1/blocks', then: keep('block', (b) => b.block.id) }, { op: 'POST /v1/blocks/{id}/extend', path: id('block') },
  { op: 'DELETE /v1/blocks/{id}', path: id('block') }, { op: 'POST /v1/blocks/import' }, { op: 'GET /v1/blocks/export' },
  { op: 'GET /v1/decisions/stream' }, { op: 'GET /v1/decisions' }, { op: 'GET /v1/bouncers' },
  { op: 'GET /v1/trust-score/tenant' }, { op: 'GET /v1/trust-score/subjects/{type}/{id}' }, { op: 'GET /v1/trust-score/subjects' },
  { op: 'POST /v1/trust-score/recompute' }, { op: 'GET /v1/trust-score/mapping' }, { op: 'PUT /v1/trust-score/mapping' }, { op: 'GET /v1/trust-score/pareto' },
  { op: 'POST /v1/config/correlation/replay' }, { op: 'POST /v1/config/correlation/rollback' },
  { op: 'GET /v1/config/correlation/defaults' }, { op: 'PUT /v1/config/correlation/defaults' }, { op: 'GET /v1/config/correlation/defaults/versions' },
  { op: 'POST /v1/config/reload' }, { op: 'GET /v1/audit' },
  // The token's example enrols the sensor every sensor example names (edge-fra-1), pending until approved.
  { op: 'POST /v1/sensors/registration-tokens', then: enrolExampleSensor }, { op: 'GET /v1/sensors/registration-tokens' },
  { op: 'GET /v1/sensors' }, { op: 'GET /v1/sensors/{id}' }, { op: 'POST /v1/sensors/{id}/approve' },
  // Approved, the example sensor comes back with a key and sends a heartbeat: its health has a history to show.
  { op: 'GET /v1/sensors/health', then: heartbeatingSensor }, { op: 'GET /v1/sensors/{id}/health' },
  // The example bundle rolled out to the example sensor: a canary, promoted by hand, then aborted.
  { op: 'POST /v1/rule-bundles' }, { op: 'GET /v1/rule-bundles' }, { op: 'GET /v1/rule-bundles/{version}' },
  { op: 'POST /v1/sensor-configs' }, { op: 'GET /v1/sensor-configs' }, { op: 'GET /v1/sensor-configs/{version}', path: () => ({ version: 'cfg-7' }) },
  { op: 'POST /v1/rollouts', then: keep('rollout', (b) => b.id) }, { op: 'GET /v1/rollouts' }, { op: 'GET /v1/rollouts/{id}', path: id('rollout') },
  { op: 'POST /v1/rollouts/{id}/promote', path: id('rollout') }, { op: 'POST /v1/rollouts/{id}/abort', path: id('rollout') },
  // Tagged, the example sensor is what the fleet-wide example selects; its command is listed, read, then cancelled.
  { op: 'PUT /v1/sensors/{id}/tags' }, { op: 'POST /v1/sensors/{id}/commands', then: keep('command', (b) => b.id) }, { op: 'POST /v1/commands' },
  { op: 'GET /v1/commands' }, { op: 'GET /v1/commands/{id}', path: id('command') }, { op: 'POST /v1/commands/{id}/cancel', path: id('command') },
  { op: 'POST /v1/sensors/{id}/reject' },
  { op: 'DELETE /v1/sensors/{id}' }, { op: 'DELETE /v1/sensors/registration-tokens/{id}', path: id('token') },
  { op: 'GET /v1/sensors/enrolment' }, { op: 'PUT /v1/sensors/enrolment' },
];

async function enrolExampleSensor(res: Sent): Promise<void> {
  made.token = res.body.id;
  const s = new TestSensor(sensorUrl(hub.url));
  await s.opened;
  s.send(authMessage('', { apiKey: undefined, registrationToken: res.body.token, sensorId: 'edge-fra-1' }));
  assert.equal((await s.next()).approvalStatus, 'PENDING');
  s.close();
}

function sessionOf(res: Sent): { cookie: string; csrf: string } {
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = cookies.find((c) => c.startsWith('quorum_csrf='))!.slice('quorum_csrf='.length);
  return { cookie: cookies.join('; '), csrf };
}

/** The sensor the examples name (edge-fra-1), connected and with a stored heartbeat, for GET /v1/sensors/{id}/health. */
async function heartbeatingSensor(): Promise<void> {
  const sensor = await authedSensor(hub.url, (await keyFor('signal:write'))!, { sensorId: 'edge-fra-1' });
  sensor.send({ type: 'heartbeat', payload: { timestamp: Date.now(), status: 'healthy', cpu: 31.5, memory: 58, disk: 40, requestsLastMinute: 1180, avgLatencyMs: 3.2, configHash: 'cfg-7f3a', rulesHash: 'rules-19c2' } });
  await waitUntil('the heartbeat stored', 5000, async () => (await hub.request('GET', '/v1/sensors/edge-fra-1/health', { key: hub.adminKey })).body?.history?.length > 0);
  sensor.close();
}

/** Logs in again with the documented credentials (the step before ended the session). */
async function login(): Promise<void> {
  const example = bodyExample(operation('POST /v1/session'))!;
  session = sessionOf(await hub.request('POST', '/v1/session', { body: example.value }));
}

/** An incident for GET /v1/incidents/{id}: three sources with findings on one host, with subject anomalies on. */
async function openIncident(): Promise<void> {
  const current = (await hub.request('GET', '/v1/config/correlation', { key: hub.adminKey })).body;
  await hub.request('PUT', '/v1/config/correlation', { key: hub.adminKey, body: { ...current.overrides, subject_anomaly: { enabled: true } } });
  const at = new Date().toISOString();
  const signals = ['edr', 'patch_scanner', 'vuln_scan'].map((source) => ({
    source, subject_type: 'host', subject_id: 'web-01', signal_key: 'finding.open', signal_value: { value: 1 }, severity: 'high', observed_at: at, ttl_seconds: 600,
  }));
  assert.equal((await hub.request('POST', '/v1/signals', { key: hub.adminKey, body: { signals } })).status, 201);
  await caughtUp();
  const list = await hub.request('GET', '/v1/incidents', { key: hub.adminKey });
  made.incident = list.body.incidents[0].id;
}

const operation = (name: string) => {
  const [method, path] = name.split(' ') as [string, string];
  const op = doc.paths[path]?.[method.toLowerCase()];
  assert.ok(op, `${name} is documented`);
  return op;
};

/** The first example of the first documented body type, and that type. */
function bodyExample(op: any): { type: string; value: unknown } | null {
  const [type, media] = (Object.entries(op.requestBody?.content ?? {}) as [string, any][])[0] ?? [];
  if (!type) return null;
  const value = media.example !== undefined ? media.example : media.examples ? (Object.values(media.examples)[0] as { value: unknown }).value : media.schema?.example;
  return { type, value };
}

const keys = new Map<string, string>();
async function keyFor(scope: string): Promise<string | undefined> {
  if (scope === 'public') return undefined;
  if (scope === 'operator' || scope === 'authenticated') return hub.adminKey;
  if (!keys.has(scope)) {
    const agentId = scope === 'agent:write' ? 'web-01' : undefined;
    keys.set(scope, (await hub.keys.createKey({ tenantId: hub.bootstrap.tenantId, scopes: [scope as Scope], agentId })).key);
  }
  return keys.get(scope);
}

test('the steps cover every documented operation exactly once', () => {
  const documented = Object.entries(doc.paths).flatMap(([path, ops]: [string, any]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  assert.deepEqual(STEPS.map((s) => s.op).sort(), documented.sort());
});

test('every documented example is accepted as-is by a running hub: each answers a documented success status', async () => {
  for (const step of STEPS) {
    const op = operation(step.op);
    const [method, template] = step.op.split(' ') as [string, string];
    const params = (op.parameters ?? []) as { in: string; name: string; example?: unknown }[];
    const pathValues = { ...Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, String(p.example)])), ...step.path?.() };
    const url = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name]!));
    const query = new URLSearchParams({ ...Object.fromEntries(params.filter((p) => p.in === 'query' && p.example !== undefined).map((p) => [p.name, String(p.example)])), ...step.query?.() });
    const example = bodyExample(op);
    const body = example ? (step.body ? step.body(example.value) : example.value) : undefined;
    const headers: Record<string, string> = example ? { 'content-type': example.type } : {};
    if (step.auth === 'session') Object.assign(headers, { cookie: session.cookie, 'x-csrf-token': session.csrf });
    const key = step.auth === 'session' ? undefined : await keyFor(op['x-scope']);
    const res = await hub.request(method, `${url}${query.size ? `?${query}` : ''}`, { key, body: typeof body === 'string' || body === undefined ? body : JSON.stringify(body), headers });
    const expected = Object.keys(op.responses).filter((s) => s.startsWith('2')).map(Number);
    assert.ok(expected.includes(res.status), `${step.op}: ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)} (documented ${expected})`);
    await step.then?.(res);
  }
});
