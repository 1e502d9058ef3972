// One sensor's WebSocket session: auth within the deadline, then signals, heartbeats, pings, acks and blocklist messages in protocol 1.0.
// Never acknowledges a signal before the aggregator reports it committed; a bad frame is answered and never ends the session.

import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { BackpressureError, ForbiddenError, InvalidSignalError, QuorumError, TooManyRequestsError, UnauthenticatedError } from '../core/errors.ts';
import type { Metrics } from '../metrics.ts';
import type { Principal } from '../core/types.ts';
import type { BlocklistDialect, BlocklistSession, BlocklistSource, CommandSession, CommandSource, MessageSink } from './ports.ts';
import type { SensorContext } from './sensor-mapping.ts';
import { checkSensorSignals, type SensorSignalRules } from './sensor-signals.ts';
import type { EnrolmentCredential, SensorDirectory } from './sensor-directory.ts';
import type { SensorRecord } from './sensor-queries.ts';
import { parseRegistrationToken, REGISTRATION_TOKEN_PREFIX, type ParsedRegistrationToken } from './registration-tokens.ts';
import { isDatabaseUnavailable } from '../db/sql-errors.ts';
import {
  errorMessage, LEGACY_PROTOCOL_VERSION, parseInbound, PROTOCOL_VERSION, SensorProtocolError, type AuthPayload, type FrameLimits, type HeartbeatPayload, type InboundMessage,
} from './sensor-protocol.ts';

export interface ConnectionDeps {
  keys: Pick<KeyStore, 'authenticate'>;
  sensors: Pick<SensorDirectory, 'connect' | 'disconnect' | 'heartbeat' | 'approval'>;
  aggregator: MessageSink;
  /** The tenant's blocklist for blocklist-sync and heartbeat reports (the distribute stage serves it). */
  blocklists: BlocklistSource;
  /** Delivers an approved session's fleet commands and closes them on command-ack (the distribute stage serves it). */
  commands: CommandSource;
  rateLimiter: Pick<RateLimiter, 'take'>;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  authTimeoutMs: number;
  pingIntervalMs: number;
  /** Close 1008 when this much is waiting in the socket's send buffer (the sensor does not read). */
  sendBufferLimit: number;
  defaultKind: string;
  limits: FrameLimits;
  rules: SensorSignalRules;
  /** Where the sensor connects from (IPv4-mapped IPv6 written as IPv4), or null when unknown. */
  remoteAddress: string | null;
  /** Asks the gateway for an authenticated sensor's place once the key is good; false = the cap is reached (close 1013). */
  admit(): boolean;
}

interface Session {
  principal: Principal;
  /** The API key or JWT it authenticated with, re-checked on revocations; null for a registration token. */
  credential: string | null;
  /** Pending sensors may only send signals (capabilities ["signal"]): no blocklist, no commands. */
  approved: boolean;
  sensor: SensorContext;
  connectedAt: Date;
  blocklist: BlocklistSession;
  command: CommandSession;
}

/** One socket's state, shared by the steps of its session below. */
interface Connection {
  ws: WebSocket;
  deps: ConnectionDeps;
  log: Logger;
  session: Session | null;
  authPromise: Promise<boolean> | null;
  sequence: number;
  lastSeen: number;
  paused: boolean;
  /** Bytes a snapshot may keep above the send-buffer limit until the buffer drains below it again. */
  allowance: number;
  authTimer: NodeJS.Timeout;
  pingTimer: NodeJS.Timeout | null;
  /** Frames being handled; the hub's stop waits for them (their acks go out). */
  inFlight: Set<Promise<void>>;
  /** Set when the hub itself closes the socket. */
  hubStopping: boolean;
}

const CAPABILITIES = ['signal', 'blocklist-sync', 'command'];
const PENDING_CAPABILITIES = ['signal'];

/** The 4003 close reason of each enrolment refusal (protocol 1.0's words); other refusals close with their message. */
const CLOSE_REASONS: Partial<Record<string, string>> = {
  identity_verification_failed: 'Identity verification failed', sensor_rejected: 'Sensor rejected', sensor_decommissioned: 'Sensor decommissioned',
  registration_token_required: 'Registration token required', registration_token_invalid: 'Invalid registration token',
  registration_token_expired: 'Registration token expired', registration_token_revoked: 'Registration token revoked',
  registration_token_used_up: 'Registration token used up', sensor_id_reserved: 'Sensor ID reserved',
};

export function handleSensorConnection(ws: WebSocket, deps: ConnectionDeps) {
  const c: Connection = {
    ws, deps, log: deps.logger, session: null, authPromise: null, sequence: 0, lastSeen: Date.now(), paused: false, allowance: 0, pingTimer: null,
    inFlight: new Set(), hubStopping: false,
    authTimer: setTimeout(() => {
      // A peer that never completes the close must not keep its unauthenticated place for ws's 30 s close timeout.
      if (!c.session) closeAtOnce(ws, 4001, 'Authentication timeout');
    }, deps.authTimeoutMs),
  };
  watchSocket(c);
  return connectionHandle(c);
}

/** Hands each frame to its session (counted while in flight) and marks the sensor disconnected when the socket closes. */
function watchSocket(c: Connection): void {
  c.ws.on('message', (data, isBinary) => {
    c.lastSeen = Date.now();
    const work = onFrame(c, isBinary ? null : data.toString()).catch((err) => c.log.error({ err }, 'sensor frame failed'));
    c.inFlight.add(work);
    void work.finally(() => c.inFlight.delete(work));
  });
  c.ws.on('close', (code, reason) => {
    clearTimeout(c.authTimer);
    if (c.pingTimer) clearInterval(c.pingTimer);
    const s = c.session;
    if (!s) return;
    // The hub's own stop closes every sensor: those lines are not news to the operator who stopped it.
    c.log[c.hubStopping ? 'debug' : 'info']({ event: 'sensor.disconnected', tenantId: s.principal.tenantId, sensorId: s.sensor.sensorId, code, reason: reason.toString() || undefined }, 'sensor disconnected');
    c.deps.sensors.disconnect(s.principal.tenantId, s.sensor.sensorId, s.connectedAt).catch((err) => c.log.error({ err }, 'marking sensor disconnected failed'));
  });
  c.ws.on('error', (err) => c.log.debug({ err }, 'sensor socket error'));
}

/** What the gateway asks of a connection: who is on it, the re-checks, and how to stop it. */
function connectionHandle(c: Connection) {
  const { ws } = c;
  return {
    /** The address of an authenticated sensor (guardrails never block it), else null. */
    sensorAddress: () => (c.session ? c.deps.remoteAddress : null),
    /** The tenant of an authenticated sensor, else null: its address is protected for that tenant only. */
    tenantId: () => c.session?.principal.tenantId ?? null,
    /** The id of the key the session authenticated with, else null. */
    keyId: () => c.session?.principal.keyId ?? null,
    /** The session as the blocklist distribution sees it, once authenticated. */
    blocklistSession: () => (c.session?.approved ? c.session.blocklist : null),
    /** The session as the command delivery sees it, once authenticated and approved. */
    commandSession: () => (c.session?.approved ? c.session.command : null),
    /** The tenant and sensor id of an authenticated session, else null. */
    sensor: () => (c.session ? { tenantId: c.session.principal.tenantId, sensorId: c.session.sensor.sensorId } : null),
    recheckKey: () => recheckKey(c),
    recheckApproval: () => recheckApproval(c),
    /** Stops reading new frames (used first when the hub stops). */
    stopReading(): void {
      ws.pause();
    },
    /** Waits for the frames being handled (their acks go out), then closes with 1000. */
    async shutdown(): Promise<void> {
      c.hubStopping = true;
      ws.pause();
      while (c.inFlight.size > 0) await Promise.allSettled([...c.inFlight]);
      if (ws.readyState === ws.CLOSED) return;
      // Reading again lets the close handshake complete; a sensor that does not answer is cut off after a second.
      ws.resume();
      const closed = new Promise((r) => ws.once('close', r));
      ws.close(1000, 'Server shutting down');
      const timer = setTimeout(() => ws.terminate(), 1000);
      await closed;
      clearTimeout(timer);
    },
  };
}

function send(c: Connection, msg: Record<string, unknown>): void {
  sendText(c, JSON.stringify(msg));
}

/** Sends one frame unless the sensor has stopped reading (close 1008); false when nothing was sent. */
function sendText(c: Connection, text: string, large = false): boolean {
  if (c.ws.readyState !== c.ws.OPEN) return false;
  const buffered = c.ws.bufferedAmount;
  if (buffered <= c.deps.sendBufferLimit) c.allowance = 0;
  if (buffered > c.deps.sendBufferLimit + c.allowance) {
    c.ws.close(1008, 'Send buffer exceeded');
    return false;
  }
  // A snapshot is one frame that may be larger than the limit by itself: what follows it may queue behind it. Never
  // more than one snapshot's worth, or a sensor that asks for snapshots without reading would never be closed.
  if (large) c.allowance = Math.max(c.allowance, Buffer.byteLength(text));
  c.ws.send(text);
  return true;
}

/** A session's face towards the blocklist distribution: its tenant, its dialect and numbered sends. */
function blocklistSession(c: Connection, tenantId: string, sensorId: string, dialect: BlocklistDialect): BlocklistSession {
  return {
    tenantId, sensorId, dialect,
    sendRaw: (type, fields, large = false) => {
      if (c.ws.readyState !== c.ws.OPEN) return false;
      // `fields` is `{…}`: the type and the session's own sequenceId are spliced in front of its first member.
      const rest = fields === '{}' ? '}' : `,${fields.slice(1)}`;
      return sendText(c, `{"type":${JSON.stringify(type)},"sequenceId":${++c.sequence}${rest}`, large);
    },
  };
}

/** What the sensor said it understands decides the blocklist messages it gets; a sensor that said nothing gets both. */
export function blocklistDialect(capabilities: string[] | null): BlocklistDialect {
  const push = capabilities?.includes('blocklist-push') ?? false;
  const update = capabilities?.includes('blocklist-update') ?? false;
  if (push && !update) return 'push';
  if (update && !push) return 'update';
  return 'both';
}

async function onFrame(c: Connection, text: string | null): Promise<void> {
  let msg: InboundMessage;
  try {
    if (text === null) throw new SensorProtocolError('invalid_message', 'Invalid message: $: binary frames are not part of the protocol');
    msg = parseInbound(text, c.deps.limits);
  } catch (err) {
    c.deps.metrics.sensorMessages.inc({ type: 'unparsed', outcome: 'refused' });
    if (!c.session && !c.authPromise && looksLikeAuth(text)) return void refuseAuth(c, (err as Error).message);
    return send(c, errorMessage(err, null));
  }
  if (msg.type === 'auth') return void (await authenticate(c, msg));
  if (!c.session && c.authPromise) await c.authPromise;
  const s = c.session;
  if (!s) return send(c, errorMessage(new UnauthenticatedError('UNAUTHENTICATED: send an auth message first'), msg.id));
  c.deps.metrics.sensorMessages.inc({ type: msg.type, outcome: 'received' });
  // A pong answers our own ping: never charged, so a rate-limited sensor is not also closed as silent.
  if (msg.type !== 'pong' && !withinRate(c, s, msg.id)) return;
  return dispatch(c, s, msg);
}

/** Stores a heartbeat; a change of reported status to or from degraded/unhealthy is an operator's line once committed. */
async function recordHealth(c: Connection, s: Session, hb: HeartbeatPayload): Promise<void> {
  try {
    const stored = await c.deps.sensors.heartbeat(s.principal.tenantId, s.sensor.sensorId, hb);
    const previous = stored?.previous ?? 'healthy';
    if (stored && previous !== hb.status) {
      c.log.info({ event: 'sensor.health_changed', tenantId: s.principal.tenantId, sensorId: s.sensor.sensorId, status: hb.status, previous }, `sensor reports ${hb.status}`);
    }
  } catch (err) {
    c.log.error({ err }, 'recording heartbeat failed');
  }
}

type SessionMessage = Exclude<InboundMessage, { type: 'auth' }>;
type Handler<M extends SessionMessage> = (c: Connection, s: Session, msg: M) => Promise<void> | void;

/** What an authenticated session does with each message type (auth is handled before a session exists). */
const HANDLERS: { [T in SessionMessage['type']]: Handler<Extract<SessionMessage, { type: T }>> } = {
  signal: (c, s, msg) => ingest(c, s, msg.id, [msg.payload], false),
  'signal-batch': (c, s, msg) => ingest(c, s, msg.id, msg.payload, true),
  heartbeat: (c, s, msg) => {
    const { blocklistVersion: version, blocklistHash: hash } = msg.payload;
    if (version !== undefined && s.approved) void c.deps.blocklists.report(s.blocklist, { version, hash: hash ?? null }).catch((err) => c.log.warn({ err }, 'checking the reported blocklist failed'));
    return recordHealth(c, s, msg.payload);
  },
  'blocklist-sync': async (c, s, msg) => {
    if (!s.approved) return send(c, errorMessage(new ForbiddenError('this sensor is pending approval: its capabilities are ["signal"] only'), msg.id));
    try {
      await c.deps.blocklists.sync(s.blocklist, msg.payload);
    } catch (err) {
      if (!(err instanceof QuorumError) && !isDatabaseUnavailable(err)) c.log.error({ err }, 'answering blocklist-sync failed');
      send(c, errorMessage(err, msg.id));
    }
  },
  'command-ack': async (c, s, msg) => {
    if (!s.approved) return send(c, errorMessage(new ForbiddenError('this sensor is pending approval: its capabilities are ["signal"] only'), msg.id));
    try {
      await c.deps.commands.acknowledged(s.command, msg.payload);
    } catch (err) {
      if (!(err instanceof QuorumError) && !isDatabaseUnavailable(err)) c.log.error({ err }, 'closing an acknowledged command failed');
      send(c, errorMessage(err, msg.id));
    }
  },
  pong: () => undefined,
};

function dispatch(c: Connection, s: Session, msg: SessionMessage): Promise<void> | void {
  // The table is keyed by type, so the handler found always takes this message's shape.
  return (HANDLERS[msg.type] as Handler<SessionMessage>)(c, s, msg);
}

function refuseAuth(c: Connection, error: string, code = 4003, errorCode?: string): false {
  send(c, { type: 'auth-failed', error, ...(errorCode ? { code: errorCode.toUpperCase() } : {}) });
  c.ws.close(code, (errorCode && CLOSE_REASONS[errorCode]) || error.slice(0, 120));
  return false;
}

// The database is away: the sensor must come back later, not give up (4003 tells the SDK its key is bad).
function closeUnavailable(c: Connection, err: unknown): false {
  c.log.warn({ err }, 'sensor authentication failed: the database is unavailable');
  send(c, errorMessage(err, null));
  c.ws.close(1013, 'Database unavailable; try again later');
  return false;
}

function authenticate(c: Connection, msg: Extract<InboundMessage, { type: 'auth' }>): Promise<boolean> {
  if (c.session || c.authPromise) {
    send(c, errorMessage(new SensorProtocolError('already_authenticated', 'this connection has already authenticated'), null));
    return Promise.resolve(false);
  }
  c.authPromise = openSession(c, msg.payload);
  return c.authPromise;
}

/** Checks the protocol version and the credential (key or registration token), admits the sensor, and starts the session (auth-success). */
async function openSession(c: Connection, p: AuthPayload): Promise<boolean> {
  if (p.protocolVersion !== PROTOCOL_VERSION && p.protocolVersion !== LEGACY_PROTOCOL_VERSION) {
    send(c, errorMessage(new SensorProtocolError('protocol_version_unsupported', `protocol version ${p.protocolVersion} is not supported; use ${PROTOCOL_VERSION}`), null));
    c.ws.close(4003, 'Unsupported protocol version');
    return false;
  }
  const key = p.credential !== null && !p.credential.startsWith(REGISTRATION_TOKEN_PREFIX) ? p.credential : null;
  const token = key === null ? parseRegistrationToken(p.registrationToken ?? p.credential ?? '') : null;
  if (key === null && !token) return refuseAuth(c, 'this registration token is not valid', 4003, 'registration_token_invalid');
  const principal = token ? tokenPrincipal(token) : await keyPrincipal(c, key!);
  if (!principal) return false;
  if (!c.deps.admit()) return refuseAuth(c, 'the hub has reached its limit of sensor connections; retry later', 1013);
  const record = await registerSensor(c, principal, p, token ? { kind: 'token', token } : { kind: 'key' });
  if (!record || c.ws.readyState !== c.ws.OPEN) return false;
  startSession(c, principal, key, p, record.approval_status === 'approved');
  return true;
}

/** Turns a refusal (already answered and closing) into the null the auth steps return. */
const refused = (_answered: false): null => null;

/** The principal of a signal:write key, or null once the sensor has been refused. */
async function keyPrincipal(c: Connection, key: string): Promise<Principal | null> {
  let principal;
  try {
    principal = await c.deps.keys.authenticate(key);
  } catch (err) {
    if (isDatabaseUnavailable(err)) return refused(closeUnavailable(c, err));
    return refused(refuseAuth(c, err instanceof QuorumError ? err.message : 'authentication failed'));
  }
  if (!hasScope(principal, 'signal:write')) return refused(refuseAuth(c, 'this API key lacks the "signal:write" scope'));
  return principal;
}

/** The principal a registration token stands for: its tenant, signal:write, the hub's default rate (the token itself is checked with the sensor, in one transaction). */
function tokenPrincipal(token: ParsedRegistrationToken): Principal {
  return { keyId: `registration:${token.id}`, tenantId: token.tenantId, scopes: ['signal:write'], agentId: null, rateLimit: null };
}

/** Admits and records the sensor as connected; on refusal answers auth-failed (or 1013 when the database is away) and says null. */
async function registerSensor(c: Connection, principal: Principal, p: AuthPayload, credential: EnrolmentCredential): Promise<SensorRecord | null> {
  try {
    return await c.deps.sensors.connect(principal.tenantId, {
      sensorId: p.sensorId, kind: p.kind ?? c.deps.defaultKind, name: p.sensorName, version: p.version,
      region: p.region, protocolVersion: p.protocolVersion, fingerprint: p.fingerprint, address: c.deps.remoteAddress,
    }, credential);
  } catch (err) {
    if (err instanceof QuorumError) {
      if (err.code === 'identity_verification_failed') {
        c.log.info({ event: 'sensor.identity_refused', tenantId: principal.tenantId, sensorId: p.sensorId, keyId: principal.keyId }, 'sensor refused: it presented another fingerprint than the one pinned');
      }
      return refused(refuseAuth(c, err.message, 4003, err.code));
    }
    if (isDatabaseUnavailable(err)) return refused(closeUnavailable(c, err));
    c.log.error({ err }, 'registering sensor failed');
    send(c, { type: 'auth-failed', error: 'internal error; the hub logged the details' });
    c.ws.close(1011, 'Internal error');
    return null;
  }
}

function startSession(c: Connection, principal: Principal, credential: string | null, p: AuthPayload, approved: boolean): void {
  const connectedAt = c.deps.clock();
  c.session = {
    principal, credential, approved, connectedAt,
    sensor: { sensorId: p.sensorId, name: p.sensorName, region: p.region, version: p.version, kind: p.kind ?? c.deps.defaultKind },
    blocklist: blocklistSession(c, principal.tenantId, p.sensorId, blocklistDialect(p.capabilities)),
    command: { tenantId: principal.tenantId, sensorId: p.sensorId, connectedAt, sendText: (text) => sendText(c, text), isOpen: () => c.ws.readyState === c.ws.OPEN },
  };
  clearTimeout(c.authTimer);
  c.log.info({ event: 'sensor.connected', tenantId: principal.tenantId, sensorId: p.sensorId, name: p.sensorName, version: p.version, keyId: principal.keyId, approved }, 'sensor connected');
  c.pingTimer = setInterval(() => tick(c), c.deps.pingIntervalMs);
  const legacy = p.protocolVersion === LEGACY_PROTOCOL_VERSION;
  if (legacy) c.log.warn({ sensorId: p.sensorId }, 'sensor speaks legacy protocol 0.9');
  send(c, {
    type: 'auth-success', sensorId: p.sensorId, tenantId: principal.tenantId, capabilities: approved ? CAPABILITIES : PENDING_CAPABILITIES,
    protocolVersion: PROTOCOL_VERSION, approvalStatus: approved ? 'approved' : 'PENDING',
    ...(legacy ? { message: 'protocol 0.9 is deprecated; upgrade to 1.0' } : approved ? {} : { message: 'pending approval by an administrator of the tenant' }),
  });
  if (!approved) return;
  void c.deps.blocklists.opened(c.session.blocklist).catch((err) => c.log.warn({ err }, 'loading the tenant blocklist failed; blocklist-sync retries'));
  c.deps.commands.opened(c.session.command);
}

function tick(c: Connection): void {
  const now = Date.now();
  // A socket we paused for backpressure cannot answer; it is not dead.
  if (c.paused) c.lastSeen = now;
  if (now - c.lastSeen > 2 * c.deps.pingIntervalMs) return closeAtOnce(c.ws, 1000, 'Heartbeat timeout');
  send(c, { type: 'ping', timestamp: c.deps.clock().getTime() });
  void recheckKey(c);
}

/** Re-reads the session's key (the cache was told to forget it): a revoked key gets auth-revoked and close 4001. */
async function recheckKey(c: Connection): Promise<void> {
  const s = c.session;
  if (!s || s.credential === null || c.ws.readyState !== c.ws.OPEN) return;
  try {
    await c.deps.keys.authenticate(s.credential);
  } catch (err) {
    if (!(err instanceof QuorumError)) return void c.log.error({ err }, 'key re-check failed');
    c.log.info({ sensorId: s.sensor.sensorId, keyId: s.principal.keyId }, 'sensor key revoked; closing its session');
    send(c, { type: 'auth-revoked', error: err.message });
    c.ws.close(4001, 'Token revoked');
  }
}

/** Re-reads the sensor's approval (an administrator changed it): rejected or decommissioned closes 4003 at once. */
async function recheckApproval(c: Connection): Promise<void> {
  const s = c.session;
  if (!s || c.ws.readyState !== c.ws.OPEN) return;
  let status;
  try {
    status = await c.deps.sensors.approval(s.principal.tenantId, s.sensor.sensorId);
  } catch (err) {
    return void c.log.warn({ err }, 'approval re-check failed');
  }
  if (status !== 'rejected' && status !== 'decommissioned') return;
  const code = status === 'rejected' ? 'sensor_rejected' : 'sensor_decommissioned';
  c.log.info({ event: `sensor.${status}`, tenantId: s.principal.tenantId, sensorId: s.sensor.sensorId }, `sensor ${status}; closing its session`);
  send(c, { type: 'auth-revoked', error: `this sensor was ${status} by an administrator of its tenant`, code: code.toUpperCase() });
  c.ws.close(4003, CLOSE_REASONS[code]!);
}

/** Takes a token from the key's bucket, or refuses the message with RATE_LIMITED (nothing of it is taken). */
function withinRate(c: Connection, s: Session, id: string | null): boolean {
  const waitMs = c.deps.rateLimiter.take(s.principal.keyId, s.principal.rateLimit);
  if (waitMs === 0) return true;
  c.deps.metrics.rateLimited.inc({ path: 'sensor' });
  send(c, errorMessage(new TooManyRequestsError(waitMs / 1000, `this API key's write rate limit is reached; nothing of this message was taken, retry in ${waitMs} ms`), id));
  return false;
}

async function ingest(c: Connection, s: Session, id: string | null, raws: unknown[], batch: boolean): Promise<void> {
  const checked = checkSensorSignals(raws, batch, s.sensor, c.deps.clock(), c.deps.rules);
  if ('errors' in checked) {
    for (const e of checked.errors) c.deps.metrics.signalsRejected.inc({ path: 'sensor', field: e.field, rule: e.rule });
    return send(c, errorMessage(new InvalidSignalError(checked.errors), id));
  }
  // Only the count outlives the wait for the flush: the parsed message is garbage as soon as its rows are built.
  const count = raws.length;
  try {
    const o = await c.deps.aggregator.submit({ tenantId: s.principal.tenantId, sensorId: s.sensor.sensorId, messageId: id, entries: checked.entries });
    send(c, {
      type: batch ? 'batch-ack' : 'signal-ack', ...(batch ? { count } : {}), sequenceId: ++c.sequence,
      ...(id !== null ? { id } : {}), stored: o.stored, merged: o.merged, duplicates: o.duplicates, rejected: 0,
      ...(o.replayed ? { replayed: true } : {}),
    });
  } catch (err) {
    if (err instanceof BackpressureError) {
      c.deps.metrics.sensorBackpressure.inc();
      pauseUntilLowWater(c);
    } else if (!(err instanceof QuorumError) && !isDatabaseUnavailable(err)) c.log.error({ err }, 'storing sensor signals failed');
    send(c, errorMessage(err, id));
  }
}

// Stop reading this socket while the queue is full: TCP pushes back on the sensor instead of the hub's memory.
function pauseUntilLowWater(c: Connection): void {
  if (c.paused) return;
  c.paused = true;
  c.ws.pause();
  const off = c.deps.aggregator.onLowWater(() => {
    off();
    c.paused = false;
    c.ws.resume();
  });
}

/** Closes with `code` and cuts the socket after a second if the peer does not complete the close handshake. */
export function closeAtOnce(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason);
  setTimeout(() => ws.terminate(), 1000).unref();
}

function looksLikeAuth(text: string | null): boolean {
  try {
    return text !== null && (JSON.parse(text) as { type?: unknown })?.type === 'auth';
  } catch {
    return false;
  }
}
