// Builds the HTTP server: Fastify with the OpenAPI document, authentication, metrics and every route.
// Holds no state of its own and imports no stage: the routes of the stages come from the modules the hub hands it.

import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import cookie from '@fastify/cookie';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { KeyStore } from '../auth/key-store.ts';
import type { Metrics } from '../metrics.ts';
import type { DatabaseProbe } from '../db/probe.ts';
import { registerAuthentication, registerPublicPlugin, requireRouteAccess } from './authenticate.ts';
import { registerRateLimit } from './rate-limit.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { registerInputRules } from './input-rules.ts';
import { registerMethodNotAllowed } from './method-not-allowed.ts';
import { openapiOptions, withCurrentTimestamps } from './openapi.ts';
import { parseTimestamp } from '../core/timestamp.ts';
import { errorHandler, problem, sendProblem } from './problem.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerAdminRoutes } from './admin-routes.ts';
import type { StageModule } from '../hub/stage-module.ts';
import type { SessionStore } from '../auth/session-store.ts';
import type { UserStore } from '../auth/user-store.ts';
import type { createLoginGate, LoginLimiter } from '../auth/login-limiter.ts';
import { registerSessionRoutes } from './session-routes.ts';
import { registerUserRoutes } from './user-routes.ts';
import { registerAuditHook } from './audit-hook.ts';
import { registerAccessLog } from './access-log.ts';
import { registerSetupRoutes, type CompleteSetup } from './setup-routes.ts';
import type { AuditLog } from '../auth/audit-log.ts';
import { lazySchemas, trackLazySchemas } from './lazy-schemas.ts';

export interface ServerDeps {
  config: Pick<Config, 'accessLogSampleAbove' | 'bodyLimitBytes' | 'keyRatePerSecond' | 'keyRateBurst' | 'maxJsonDepth' | 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs' | 'sessionAbsoluteTimeoutMs' | 'trustedProxies'>;
  /** The readiness probe (its own connection, its own timeout). */
  dbProbe: Pick<DatabaseProbe, 'check'>;
  keys: KeyStore;
  /** Users, their sessions (the `quorum_session` cookie) and the login rate limit. */
  people: { sessions: SessionStore; users: UserStore; loginLimiter: Pick<LoginLimiter, 'attempt' | 'succeeded'>; loginGate: ReturnType<typeof createLoginGate>; audit: Pick<AuditLog, 'record'>; completeSetup: CompleteSetup; operatorTenantId: string };
  clock: () => Date;
  metrics: Metrics;
  logger: Logger;
  rateLimiter: Pick<RateLimiter, 'take'>;
  /** Each enabled enforcement target's state (`ok`, `degraded`, `standby`), shown in /readyz; never makes it 503. */
  enforcement?: () => Record<string, string>;
}

/** The server with its own hooks and routes (health, admin, docs); the modules' routes follow with `registerModuleRoutes`. */
export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const schemas = lazySchemas();
  const app: FastifyInstance = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: deps.config.bodyLimitBytes,
    logController: new LogController({ disableRequestLogging: true }),
    // A path Fastify cannot decode (`/v1/keys/%ED%A0%80`) is answered as problem+json like every other refusal.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
    ajv: {
      customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: true },
      // Every `format: date-time` (since, until, …) follows the one timestamp rule, so PostgreSQL never sees year 0 or +16:00.
      onCreate: (ajv) => { ajv.addFormat('date-time', { type: 'string', validate: (s: string) => parseTimestamp(s) !== null }); },
    },
    // Each route's schemas compile at its first request, not at start (lazy-schemas.ts).
    schemaController: { compilersFactory: schemas.compilersFactory },
    ...httpTimeouts(deps.config),
    // Behind a reverse proxy, req.ip and req.protocol come from X-Forwarded-For / -Proto of the trusted hops only.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
  });
  trackLazySchemas(app, schemas);
  // First, so that no route (ours or a plugin's) registers without declaring its scope or `public`.
  requireRouteAccess(app);
  registerMethodNotAllowed(app);
  await app.register(swagger, openapiOptions());
  // Swagger UI reads /docs/json: the same document, its example timestamps current (see withCurrentTimestamps).
  await registerPublicPlugin(app, swaggerUi, { routePrefix: '/docs', transformSpecification: (doc: Record<string, unknown>) => withCurrentTimestamps(doc, deps.clock()), transformSpecificationClone: false });

  // The API speaks JSON only; anything else is answered 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => sendProblem(reply, problem(404, 'not_found', `no route ${req.method} ${req.url.split('?')[0]}`)));
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    deps.metrics.httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });
  registerAccessLog(app, { perSecond: deps.config.accessLogSampleAbove, debugEnabled: () => deps.logger.isLevelEnabled('debug') });
  // Parses cookies before authentication reads the session cookie (its hook runs first).
  await app.register(cookie);
  registerAuthentication(app, deps.keys, deps.people.sessions);
  registerRateLimit(app, { limiter: deps.rateLimiter, metrics: deps.metrics });
  registerAuditHook(app, { audit: deps.people.audit, metrics: deps.metrics, clock: deps.clock });
  registerInputRules(app, { maxJsonDepth: deps.config.maxJsonDepth });

  registerHealthRoutes(app, { probe: deps.dbProbe, metrics: deps.metrics, enforcement: deps.enforcement });
  registerAdminRoutes(app, { keys: deps.keys, rateDefault: { perSecond: deps.config.keyRatePerSecond, burst: deps.config.keyRateBurst } });
  registerSessionRoutes(app, { sessions: deps.people.sessions, limiter: deps.people.loginLimiter, gate: deps.people.loginGate, metrics: deps.metrics, operatorTenantId: deps.people.operatorTenantId }, deps.config.sessionAbsoluteTimeoutMs);
  registerUserRoutes(app, { users: deps.people.users });
  registerSetupRoutes(app, { completeSetup: deps.people.completeSetup });
  return app;
}

/** Registers each module's routes in the order given, then the OpenAPI document that describes them all. */
export function registerModuleRoutes(app: FastifyInstance, modules: readonly Pick<StageModule, 'routes'>[], clock: () => Date = () => new Date()): void {
  for (const m of modules) m.routes?.(app);
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => withCurrentTimestamps(app.swagger(), clock()));
}

/** Slow clients cannot hold a request open: Node cuts off late headers and trickled bodies (408) and idle keep-alives. */
function httpTimeouts(c: Pick<Config, 'requestTimeoutMs' | 'headersTimeoutMs' | 'keepAliveTimeoutMs'>) {
  const headersTimeout = Math.min(c.headersTimeoutMs, c.requestTimeoutMs);
  return {
    requestTimeout: c.requestTimeoutMs,
    keepAliveTimeout: c.keepAliveTimeoutMs,
    // Node checks the two timeouts every connectionsCheckingInterval (30 s by default): check often enough to honour them.
    http: { headersTimeout, connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))) },
  };
}
