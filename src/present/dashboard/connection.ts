// One dashboard's WebSocket session: auth within the deadline (API key or session cookie), subscriptions, snapshots,
// resumes and the events of its tenant's stream. Never waits on the client: a full send buffer closes it (1008).

import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { KeyStore } from '../../auth/key-store.ts';
import { hasScope } from '../../auth/key-store.ts';
import { createRateLimiter } from '../../auth/rate-limit.ts';
import { QuorumError, UnauthenticatedError } from '../../core/errors.ts';
import type { Principal } from '../../core/types.ts';
import { isDatabaseUnavailable } from '../../db/sql-errors.ts';
import type { Metrics } from '../../metrics.ts';
import { parseClientMessage } from './inbound.ts';
import { DASHBOARD_CLOSE, DEFAULT_TOPICS, type AuthSuccess, type ClientMessage, type DashboardTopic, type ErrorPayload, type Snapshot } from './protocol.ts';
import type { StreamClient, StreamRegistry, TenantStream } from './stream.ts';

export interface DashboardLimits {
  authTimeoutMs: number;
  /** Client frames per second and burst; beyond, close 4029. */
  ratePerSecond: number;
  rateBurst: number;
  /** Close 1008 when this much waits in the socket's send buffer. */
  sendBufferBytes: number;
  /** Signals (and, separately, threats) sent to one client per second at most; the rest are sampled away. */
  signalsPerSecond: number;
  /** How often the session's key or login is verified again (revoked → auth-revoked, close 4001). */
  recheckMs: number;
}

export interface DashboardConnectionDeps {
  keys: Pick<KeyStore, 'authenticate'>;
  /** Resolves the quorum_session cookie (the session store); absent = no login sessions on this hub. */
  authenticateSession?: (token: string) => Promise<Principal>;
  /** The quorum_session cookie of the upgrade request, when it came from this hub's own pages. */
  sessionToken: string | null;
  streams: Pick<StreamRegistry, 'join' | 'leave'>;
  /** Places the stream's readers for what its clients want (sources.ready): awaited before auth-success and subscribed. */
  ready: (stream: TenantStream) => Promise<void>;
  snapshot: (tenantId: string) => Promise<Snapshot>;
  tenantExists: (tenantId: string) => Promise<boolean>;
  metrics: Pick<Metrics, 'dashboardMessagesOut' | 'dashboardDrops' | 'dashboardConnections'>;
  logger: Logger;
  now: () => number;
  limits: DashboardLimits;
  sessionId: string;
}

interface Session {
  principal: Principal;
  kind: 'key' | 'session';
  credential: string;
  stream: TenantStream;
  topics: Set<DashboardTopic>;
  client: StreamClient;
}

interface Connection {
  ws: WebSocket;
  deps: DashboardConnectionDeps;
  session: Session | null;
  limiter: ReturnType<typeof createRateLimiter>;
  timers: NodeJS.Timeout[];
  closed: boolean;
}

export function handleDashboardConnection(ws: WebSocket, deps: DashboardConnectionDeps) {
  const c: Connection = {
    ws, deps, session: null, closed: false, timers: [],
    // Buckets of this connection only: its inbound frames, and its sampled signals and threats.
    limiter: createRateLimiter({ defaults: { perSecond: deps.limits.ratePerSecond, burst: deps.limits.rateBurst }, maxKeys: 3 }),
  };
  c.timers.push(setTimeout(() => {
    if (c.session) return;
    deps.metrics.dashboardDrops.inc({ reason: 'auth_timeout' });
    closeSoon(c, DASHBOARD_CLOSE.authentication, 'Authentication timeout');
  }, deps.limits.authTimeoutMs));
  send(c, 'auth-required', { methods: deps.authenticateSession ? ['apiKey', 'session'] : ['apiKey'], timeoutMs: deps.limits.authTimeoutMs });

  // Frames are answered in the order they came (a snapshot's answer before the next frame's); the rate limit is
  // checked as each arrives, so a flood is closed at once however long the queue is (never more than the burst).
  let answered: Promise<void> = Promise.resolve();
  ws.on('message', (data, isBinary) => {
    if (!withinRate(c)) return;
    const text = isBinary ? null : data.toString();
    answered = answered.then(() => onFrame(c, text)).catch((err) => deps.logger.error({ err }, 'dashboard frame failed'));
  });
  ws.on('close', () => {
    c.closed = true;
    for (const t of c.timers) clearTimeout(t);
    if (c.session) deps.streams.leave(c.session.stream, c.session.client);
  });
  ws.on('error', (err) => deps.logger.debug({ err }, 'dashboard socket error'));

  return {
    authenticated: () => c.session !== null,
    keyId: () => c.session?.principal.keyId ?? null,
    recheck: () => recheck(c),
    close: (code: number, reason: string) => closeSoon(c, code, reason),
  };
}

/** Sends one frame unless the client stopped reading: past the send-buffer limit it is closed (1008), never waited on. */
function sendText(c: Connection, text: string, kind: 'event' | 'replay' | 'control'): boolean {
  if (c.closed || c.ws.readyState !== c.ws.OPEN) return false;
  if (c.ws.bufferedAmount > c.deps.limits.sendBufferBytes) {
    c.deps.metrics.dashboardDrops.inc({ reason: 'slow_client' });
    closeSoon(c, DASHBOARD_CLOSE.policy, 'Send buffer exceeded');
    return false;
  }
  c.ws.send(text);
  c.deps.metrics.dashboardMessagesOut.inc({ kind });
  return true;
}

/** A control frame, numbered with the stream's last event (0 before auth) unless told otherwise. */
function send(c: Connection, type: string, payload: unknown, sequenceId = c.session?.stream.sequence() ?? 0): void {
  sendText(c, JSON.stringify({ type, payload, sequenceId, timestamp: c.deps.now() }), 'control');
}

function sendError(c: Connection, err: unknown, refused?: string): void {
  send(c, 'error', errorPayload(err, refused));
}

function errorPayload(err: unknown, refused?: string): ErrorPayload {
  const e = isDatabaseUnavailable(err) ? new QuorumError('database_unavailable', 503, 'the database is unavailable; try again later') : err;
  const base = e instanceof QuorumError ? { code: e.code.toUpperCase(), message: e.message } : { code: 'INTERNAL', message: 'internal error; the hub logged the details' };
  return refused === undefined ? base : { ...base, refused };
}

/** Closes with `code` and cuts the socket after a second if the peer does not complete the close handshake. */
function closeSoon(c: Connection, code: number, reason: string): void {
  if (c.closed) return;
  c.closed = true;
  c.ws.close(code, reason);
  setTimeout(() => c.ws.terminate(), 1000).unref();
}

/** Takes a token for an arriving frame; without one the dashboard is told RATE_LIMITED and closed 4029. */
function withinRate(c: Connection): boolean {
  if (c.closed) return false;
  if (c.limiter.take('in', null) === 0) return true;
  c.deps.metrics.dashboardDrops.inc({ reason: 'rate_limited' });
  sendError(c, new QuorumError('rate_limited', 429, `more than ${c.deps.limits.ratePerSecond} messages per second (burst ${c.deps.limits.rateBurst}); closing`));
  closeSoon(c, DASHBOARD_CLOSE.rateLimited, 'Rate limit exceeded');
  return false;
}

async function onFrame(c: Connection, text: string | null): Promise<void> {
  if (c.closed) return;
  let msg: ClientMessage;
  try {
    if (text === null) throw new QuorumError('invalid_message', 400, 'Invalid message: binary frames are not part of the protocol; send JSON text');
    msg = parseClientMessage(text);
  } catch (err) {
    return sendError(c, err);
  }
  if (msg.type === 'auth') return authenticate(c, msg.payload);
  if (msg.type === 'ping') return send(c, 'pong', {});
  if (!c.session) return sendError(c, new UnauthenticatedError('send an auth message first'), msg.type);
  return HANDLERS[msg.type](c, c.session, msg as never);
}

type SessionMessage = Exclude<ClientMessage, { type: 'auth' | 'ping' }>;
type Handler<M extends SessionMessage> = (c: Connection, s: Session, msg: M) => void | Promise<void>;

/** What an authenticated session does with each message type (auth and ping are answered before a session exists). */
const HANDLERS: { [T in SessionMessage['type']]: Handler<Extract<SessionMessage, { type: T }>> } = {
  subscribe: async (c, s, msg) => {
    s.topics.add(msg.payload.topic);
    await readyReaders(c, s.stream);
    send(c, 'subscribed', { topic: msg.payload.topic, subscriptions: [...s.topics] });
  },
  unsubscribe: (c, s, msg) => {
    s.topics.delete(msg.payload.topic);
    send(c, 'unsubscribed', { topic: msg.payload.topic, subscriptions: [...s.topics] });
  },
  'request-snapshot': (c, s) => sendSnapshot(c, s),
  resume: (c, s, msg) => resume(c, s, msg.payload),
};

async function sendSnapshot(c: Connection, s: Session): Promise<void> {
  // Numbered before it is read: events after this number may already be in it (clients apply events as upserts).
  const sequenceId = s.stream.sequence();
  try {
    const snapshot = await c.deps.snapshot(s.stream.tenantId);
    sendText(c, JSON.stringify({ type: 'snapshot', payload: snapshot, sequenceId, timestamp: c.deps.now() }), 'control');
  } catch (err) {
    if (!isDatabaseUnavailable(err)) c.deps.logger.error({ err }, 'reading a dashboard snapshot failed');
    sendError(c, err, 'request-snapshot');
  }
}

/** Replays the kept events after the client's last one, or sends a snapshot when they are not all kept (or another stream). */
function resume(c: Connection, s: Session, p: { streamId: string; lastSequenceId: number }): Promise<void> | void {
  const missed = p.streamId === s.stream.streamId ? s.stream.since(p.lastSequenceId, (t) => s.topics.has(t)) : null;
  if (!missed) return sendSnapshot(c, s);
  for (const e of missed) if (!sendText(c, e.text, 'replay')) return;
  send(c, 'resumed', { streamId: s.stream.streamId, fromSequenceId: p.lastSequenceId, replayed: missed.length });
}

async function authenticate(c: Connection, p: { apiKey?: string; tenantId?: string }): Promise<void> {
  // Frames are answered in order: a second auth is handled after the first one finished.
  if (c.session) return sendError(c, new QuorumError('already_authenticated', 400, 'this connection has already authenticated'), 'auth');
  try {
    const who = await verify(c, p.apiKey);
    if (!hasScope(who.principal, 'dashboard:read')) throw new QuorumError('scope_missing', 403, 'this credential lacks the "dashboard:read" scope');
    const tenantId = await chosenTenant(c, who.principal, p.tenantId);
    if (c.closed) return;
    await startSession(c, who.principal, who.kind, who.credential, tenantId);
  } catch (err) {
    if (!(err instanceof QuorumError) && !isDatabaseUnavailable(err)) c.deps.logger.error({ err }, 'dashboard authentication failed');
    send(c, 'auth-failed', errorPayload(err));
    closeSoon(c, isDatabaseUnavailable(err) ? DASHBOARD_CLOSE.tryAgainLater : DASHBOARD_CLOSE.authentication, 'Authentication failed');
  }
}

/** The principal of the API key sent, or else of the login cookie the upgrade carried. */
async function verify(c: Connection, apiKey: string | undefined): Promise<{ principal: Principal; kind: 'key' | 'session'; credential: string }> {
  if (apiKey !== undefined) return { principal: await c.deps.keys.authenticate(apiKey), kind: 'key', credential: apiKey };
  const token = c.deps.sessionToken;
  if (token === null || !c.deps.authenticateSession) {
    throw new UnauthenticatedError('send payload.apiKey (a key with dashboard:read), or log in first: the quorum_session cookie was not on the upgrade request');
  }
  return { principal: await c.deps.authenticateSession(token), kind: 'session', credential: token };
}

/** The caller's own tenant, or the one an operator chose. */
async function chosenTenant(c: Connection, principal: Principal, wanted: string | undefined): Promise<string> {
  if (wanted === undefined || wanted === principal.tenantId) return principal.tenantId;
  if (!hasScope(principal, 'operator')) throw new QuorumError('tenant_forbidden', 403, 'only the operator may choose another tenant');
  if (!(await c.deps.tenantExists(wanted))) throw new QuorumError('tenant_forbidden', 403, `no tenant ${wanted}`);
  return wanted;
}

async function startSession(c: Connection, principal: Principal, kind: 'key' | 'session', credential: string, tenantId: string): Promise<void> {
  const topics = new Set<DashboardTopic>(DEFAULT_TOPICS);
  // Events published while the readers are placed wait: auth-success is always the session's first frame.
  let early: string[] | null = [];
  const client: StreamClient = {
    wants: (topic) => topics.has(topic),
    deliver: (topic, text) => {
      // The live feeds are sampled per client: a busy tenant's signals never flood a browser.
      if ((topic === 'signals' || topic === 'threats') && c.limiter.take(topic, { perSecond: c.deps.limits.signalsPerSecond, burst: c.deps.limits.signalsPerSecond }) > 0) {
        return void c.deps.metrics.dashboardDrops.inc({ reason: 'sampled' });
      }
      if (early) early.push(text);
      else sendText(c, text, 'event');
    },
  };
  const stream = c.deps.streams.join(tenantId, client);
  const startsAfter = stream.sequence();
  c.session = { principal, kind, credential, stream, topics, client };
  c.deps.metrics.dashboardConnections.dec({ state: 'pending' });
  c.deps.metrics.dashboardConnections.inc({ state: 'authenticated' });
  c.ws.once('close', () => {
    c.deps.metrics.dashboardConnections.dec({ state: 'authenticated' });
    c.deps.metrics.dashboardConnections.inc({ state: 'pending' });
  });
  const recheckTimer = setInterval(() => void recheck(c), c.deps.limits.recheckMs);
  recheckTimer.unref();
  c.timers.push(recheckTimer);
  await readyReaders(c, stream);
  // A login session's principal names its user; a key's does not.
  const user = principal.user?.username;
  const success: AuthSuccess = {
    sessionId: c.deps.sessionId, tenantId, subscriptions: [...topics], timestamp: c.deps.now(), streamId: stream.streamId,
    principal: { kind, id: principal.keyId, scopes: [...principal.scopes], ...(user ? { username: user } : {}) },
  };
  // Numbered where the session starts, so the events held meanwhile follow it in order.
  send(c, 'auth-success', success, startsAfter);
  const held = early;
  early = null;
  for (const text of held) if (!sendText(c, text, 'event')) return;
}

/** Places the stream's readers before the client is answered; a failure leaves it to the next tick (logged, not fatal). */
async function readyReaders(c: Connection, stream: TenantStream): Promise<void> {
  await c.deps.ready(stream).catch((err) => c.deps.logger.warn({ err, tenantId: stream.tenantId }, 'placing the dashboard readers failed; the next tick places them'));
}

/** Verifies the session's credential again: a revoked key or an ended login gets auth-revoked and close 4001. */
async function recheck(c: Connection): Promise<void> {
  const s = c.session;
  if (!s || c.closed) return;
  try {
    if (s.kind === 'key') await c.deps.keys.authenticate(s.credential);
    else await c.deps.authenticateSession!(s.credential);
  } catch (err) {
    if (!(err instanceof QuorumError)) return void c.deps.logger.warn({ err }, 'dashboard credential re-check failed; the next one retries');
    send(c, 'auth-revoked', errorPayload(err));
    closeSoon(c, DASHBOARD_CLOSE.authentication, s.kind === 'key' ? 'Token revoked' : 'Session ended');
  }
}
