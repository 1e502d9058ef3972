// The OpenAPI document's shared parts: tags, security schemes, one Problem schema, and the responses every route can give.
// Only shapes the document (never what a route validates or sends); each route's schema carries its own examples.

import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { problemSchema } from './schemas.ts';

type Json = Record<string, any>;
type Operation = { security?: unknown[]; parameters?: Json[]; requestBody?: Json; responses: Record<string, Json>; tags?: string[] };

const TAGS = [
  ['health', 'Liveness, readiness and Prometheus metrics; public (no key)'],
  ['signals', 'Signals in (POST /v1/signals, agents) and out (the stream, a subject\'s state)'],
  ['adapters', 'Alertmanager, FastNetMon and generic webhooks: their payloads become ddos.attack signals'],
  ['correlation', 'Signal groups and incidents that correlation opened'],
  ['mitigations', 'Decisions (blocks made by correlation or by hand), their reports and the safelist'],
  ['blocks', 'Active blocks: list, add, extend, remove, import and export'],
  ['crowdsec', 'The CrowdSec bouncer API (LAPI-compatible decisions) and the bouncers seen'],
  ['config', 'The correlation policy: per tenant and hub defaults, versions, rollback, replay'],
  ['trust-score', 'Trust Score of the tenant and its subjects, the source mapping, pareto'],
  ['people', 'Users, sessions (dashboard login), first setup and the audit log'],
  ['sensors', 'The fleet: registration tokens, enrolment and approval of sensors, their state, health (heartbeats, stale/offline), history and sync state'],
  ['commands', 'Fleet commands to sensors: send to one sensor or a selection, list, read, cancel (delivered by whichever hub holds the sensor)'],
  ['admin', 'Tenants and API keys'],
].map(([name, description]) => ({ name: name!, description: description! }));

const DESCRIPTIONS: Record<string, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified: the ETag still matches',
  400: 'Bad Request: the body, a query or a path parameter breaks a rule; `field` names it', 401: 'Unauthorized: missing, unknown or revoked key or session',
  403: 'Forbidden: the key or user lacks the scope (`scope_missing`), or the tenant or value is not its to name', 404: 'Not Found',
  409: 'Conflict with the current state', 413: 'Payload Too Large: above QUORUM_BODY_LIMIT_BYTES or QUORUM_MAX_BATCH', 415: 'Unsupported Media Type: send application/json',
  422: 'Unprocessable: a guardrail or the store refused it; nothing changed', 429: 'Too Many Requests: retry after `Retry-After` seconds; nothing stored',
  500: 'Internal error; the hub logged the details', 503: 'Service Unavailable: the database is unreachable; retry after `Retry-After` seconds',
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Swagger options: the document's info, tags, components, and the transform that completes every operation. */
export function openapiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      info: { title: 'Quorum', version: '0.1.0', description: 'Security-signals hub: ingest, store, correlate, decide. Errors are RFC 9457 problem+json (`Problem`).' },
      tags: TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'a Quorum API key' },
          crowdsecApiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'a Quorum blocklist:read key, as CrowdSec bouncers send it (bouncer routes only)' },
          session: { type: 'apiKey', in: 'cookie', name: 'quorum_session', description: "a logged-in user's session (POST /v1/session); writes also need the X-CSRF-Token header" },
        },
        schemas: {
          Problem: { ...problemSchema, required: ['type', 'title', 'status', 'code', 'detail'] },
          GuardrailRejection: { allOf: [ref('Problem'), { type: 'object', properties: { guardrail: { type: 'string', description: 'the guardrail that refused' } } }] },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: ({ schema, url, route }) => ({ schema: withScope(schema as Json, route.config as Json | undefined), url }),
    transformObject: (doc) => completeDocument((doc as { openapiObject: Json }).openapiObject),
  };
}

/** The route's access as `x-scope` (a scope, `public`, or `authenticated`: any key or session), also said in its description. */
function withScope(schema: Json, config: Json | undefined): Json {
  if (!schema || schema.hide) return schema;
  const scope: string = config?.public ? 'public' : config?.scope ?? (config?.authenticated ? 'authenticated' : 'public');
  const says = scope === 'public' ? 'Public: no key needed.' : scope === 'authenticated' ? 'Any valid key or session.' : `Needs scope \`${scope}\`.`;
  return { ...schema, 'x-scope': scope, description: schema.description ? `${schema.description}\n\n${says}` : says };
}

/** Every operation gets the statuses it can answer, a description per status and the shared Problem schema. */
function completeDocument(doc: Json): Json {
  for (const ops of Object.values(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const op of Object.values(ops)) {
      addCommonResponses(op);
      for (const [status, res] of Object.entries(op.responses)) describeResponse(status, res);
    }
  }
  return schemaExamplesAsExample(doc) as Json;
}

/**
 * OpenAPI 3.0 schemas take one `example`, not JSON Schema's `examples` array (which the route schemas use): keep the first.
 * Media types' and parameters' `examples` are maps, never arrays, so only schema keywords change.
 */
function schemaExamplesAsExample(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(schemaExamplesAsExample);
  if (typeof v !== 'object' || v === null) return v;
  const out: Json = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'examples' && Array.isArray(x)) out.example ??= x[0];
    else out[k] = schemaExamplesAsExample(x);
  }
  return out;
}

/** A CrowdSec route answers errors as `{message}`, like CrowdSec's own LAPI; every other route as a Problem. */
const isCrowdsecStyle = (op: Operation) => Object.values(op.responses).some((r) => r.content?.['application/json']?.schema?.properties?.message);

function addCommonResponses(op: Operation): void {
  if (isCrowdsecStyle(op)) return;
  const add = (status: number) => { op.responses[status] ??= {}; };
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  if (!isPublic) { add(401); add(403); }
  if ((op.parameters?.some((p) => p.in !== 'header') ?? false) || op.requestBody) add(400);
  if (op.requestBody) { add(413); add(415); }
  // Everything but the health routes reads or writes the database.
  if (!op.tags?.includes('health')) add(503);
}

function describeResponse(status: string, res: Json): void {
  if (!res.description || res.description === 'Default Response') res.description = DESCRIPTIONS[status] ?? `HTTP ${status}`;
  const code = Number(status);
  if (code < 400) return;
  const schema = res.content?.['application/json']?.schema;
  if (schema?.properties?.message && !schema.properties.code) return;
  res.content = { 'application/problem+json': { schema: ref(schema?.properties?.guardrail ? 'GuardrailRejection' : 'Problem') } };
}

/**
 * The served document with example timestamps made current: a static `observed_at` would fall out of the retention
 * window and be refused, so every example `observed_at` (a replay's `since`/`until`, a safelist entry's `expiresAt` a week ahead) is set from the time it is served.
 */
export function withCurrentTimestamps<T>(doc: T, now: Date): T {
  const at = (offsetSeconds: number) => new Date(Math.floor(now.getTime() / 1000) * 1000 + offsetSeconds * 1000).toISOString().replace('.000Z', 'Z');
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => {
      const offset = CURRENT_TIMESTAMPS[k];
      return [k, offset !== undefined && typeof x === 'string' && RFC3339.test(x) ? at(offset) : walk(x)];
    }));
  };
  return walk(doc) as T;
}

/** Example members that must be current to be accepted, and their offset from now in seconds (a replay covers the last hour). */
const CURRENT_TIMESTAMPS: Record<string, number> = { observed_at: 0, since: -3600, until: 0, expiresAt: 7 * 86_400 };
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
