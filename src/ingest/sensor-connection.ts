// One sensor's WebSocket session: auth within the deadline, then signals, heartbeats, pings and acks in protocol 1.0.
// Never acknowledges a signal before the aggregator reports it committed; a bad frame is answered and never ends the session.

import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import type { RateLimiter } from '../auth/rate-limit.ts';
import { BackpressureError, InvalidSignalError, QuorumError, TooManyRequestsError } from '../core/errors.ts';
import type { Metrics } from '../metrics.ts';
import type { Principal } from '../core/types.ts';
import type { Aggregator } from '../aggregate/aggregator.ts';
import type { SensorContext } from './sensor-mapping.ts';
import { checkSensorSignals, type SensorSignalRules } from './sensor-signals.ts';
import type { SensorDirectory } from './sensor-directory.ts';
import { isDatabaseUnavailable } from '../db/sql-errors.ts';
import { errorMessage, LEGACY_PROTOCOL_VERSION, parseInbound, PROTOCOL_VERSION, SensorProtocolError, type FrameLimits, type InboundMessage } from './sensor-protocol.ts';

export interface ConnectionDeps {
  keys: Pick<KeyStore, 'authenticate'>;
  sensors: Pick<SensorDirectory, 'connect' | 'disconnect' | 'heartbeat'>;
  aggregator: Pick<Aggregator, 'submit' | 'onLowWater'>;
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
  credential: string;
  sensor: SensorContext;
  connectedAt: Date;
}

const CAPABILITIES = ['signal', 'blocklist-sync', 'command'];

export function handleSensorConnection(ws: WebSocket, deps: ConnectionDeps) {
  let session: Session | null = null;
  let authPromise: Promise<boolean> | null = null;
  let sequence = 0;
  let lastSeen = Date.now();
  let paused = false;
  let pingTimer: NodeJS.Timeout | null = null;
  const inFlight = new Set<Promise<void>>();
  const log = deps.logger;

  const authTimer = setTimeout(() => {
    // A peer that never completes the close must not keep its unauthenticated place for ws's 30 s close timeout.
    if (!session) closeAtOnce(ws, 4001, 'Authentication timeout');
  }, deps.authTimeoutMs);

  const send = (msg: Record<string, unknown>) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > deps.sendBufferLimit) return ws.close(1008, 'Send buffer exceeded');
    ws.send(JSON.stringify(msg));
  };
  const refuseAuth = (error: string, code = 4003) => {
    send({ type: 'auth-failed', error });
    ws.close(code, error.slice(0, 120));
    return false;
  };

  // The database is away: the sensor must come back later, not give up (4003 tells the SDK its key is bad).
  const closeUnavailable = (err: unknown) => {
    log.warn({ err }, 'sensor authentication failed: the database is unavailable');
    send(errorMessage(err, null));
    ws.close(1013, 'Database unavailable; try again later');
    return false;
  };

  ws.on('message', (data, isBinary) => {
    lastSeen = Date.now();
    const work = onFrame(isBinary ? null : data.toString()).catch((err) => log.error({ err }, 'sensor frame failed'));
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  ws.on('close', () => {
    clearTimeout(authTimer);
    if (pingTimer) clearInterval(pingTimer);
    const s = session;
    if (s) deps.sensors.disconnect(s.principal.tenantId, s.sensor.sensorId, s.connectedAt).catch((err) => log.error({ err }, 'marking sensor disconnected failed'));
  });
  ws.on('error', (err) => log.debug({ err }, 'sensor socket error'));

  async function onFrame(text: string | null): Promise<void> {
    let msg: InboundMessage;
    try {
      if (text === null) throw new SensorProtocolError('invalid_message', 'Invalid message: $: binary frames are not part of the protocol');
      msg = parseInbound(text, deps.limits);
    } catch (err) {
      deps.metrics.sensorMessages.inc({ type: 'unparsed', outcome: 'refused' });
      if (!session && !authPromise && looksLikeAuth(text)) return void refuseAuth((err as Error).message);
      return send(errorMessage(err, null));
    }
    if (msg.type === 'auth') return void (await authenticate(msg));
    if (!session && authPromise) await authPromise;
    const s = session;
    if (!s) return send({ type: 'error', code: 'UNAUTHENTICATED', error: 'UNAUTHENTICATED: send an auth message first', ...(msg.id !== null ? { id: msg.id } : {}) });
    deps.metrics.sensorMessages.inc({ type: msg.type, outcome: 'received' });
    // A pong answers our own ping: never charged, so a rate-limited sensor is not also closed as silent.
    if (msg.type !== 'pong' && !withinRate(s, msg.id)) return;
    switch (msg.type) {
      case 'signal':
        return ingest(s, msg.id, [msg.payload], false);
      case 'signal-batch':
        return ingest(s, msg.id, msg.payload, true);
      case 'heartbeat':
        return deps.sensors.heartbeat(s.principal.tenantId, s.sensor.sensorId, msg.payload).catch((err) => log.error({ err }, 'recording heartbeat failed'));
      case 'blocklist-sync':
        // Blocklists arrive with a later issue; until then the fleet blocklist is honestly empty.
        return send({ type: 'blocklist-snapshot', entries: [], sequenceId: ++sequence });
      case 'command-ack':
        log.info({ sensorId: s.sensor.sensorId, commandId: msg.payload.commandId, success: msg.payload.success }, 'sensor acknowledged a command');
        return;
      case 'pong':
        return;
    }
  }

  async function authenticate(msg: Extract<InboundMessage, { type: 'auth' }>): Promise<boolean> {
    if (session || authPromise) {
      send({ type: 'error', code: 'ALREADY_AUTHENTICATED', error: 'this connection has already authenticated' });
      return false;
    }
    authPromise = (async () => {
      const p = msg.payload;
      if (p.protocolVersion !== PROTOCOL_VERSION && p.protocolVersion !== LEGACY_PROTOCOL_VERSION) {
        send({ type: 'error', code: 'PROTOCOL_VERSION_UNSUPPORTED', error: `protocol version ${p.protocolVersion} is not supported; use ${PROTOCOL_VERSION}` });
        ws.close(4003, 'Unsupported protocol version');
        return false;
      }
      if (p.credential === null) return refuseAuth('registration tokens are not supported by this hub: authenticate with an API key that has signal:write');
      let principal;
      try {
        principal = await deps.keys.authenticate(p.credential);
      } catch (err) {
        if (isDatabaseUnavailable(err)) return closeUnavailable(err);
        return refuseAuth(err instanceof QuorumError ? err.message : 'authentication failed');
      }
      if (!hasScope(principal, 'signal:write')) return refuseAuth('this API key lacks the "signal:write" scope');
      if (!deps.admit()) return refuseAuth('the hub has reached its limit of sensor connections; retry later', 1013);
      try {
        await deps.sensors.connect(principal.tenantId, {
          sensorId: p.sensorId, kind: p.kind ?? deps.defaultKind, name: p.sensorName, version: p.version,
          region: p.region, protocolVersion: p.protocolVersion, fingerprint: p.fingerprint, address: deps.remoteAddress,
        });
      } catch (err) {
        if (err instanceof QuorumError) return refuseAuth(err.message);
        if (isDatabaseUnavailable(err)) return closeUnavailable(err);
        log.error({ err }, 'registering sensor failed');
        send({ type: 'auth-failed', error: 'internal error; the hub logged the details' });
        ws.close(1011, 'Internal error');
        return false;
      }
      if (ws.readyState !== ws.OPEN) return false;
      session = {
        principal, credential: p.credential, connectedAt: deps.clock(),
        sensor: { sensorId: p.sensorId, name: p.sensorName, region: p.region, version: p.version, kind: p.kind ?? deps.defaultKind },
      };
      clearTimeout(authTimer);
      pingTimer = setInterval(tick, deps.pingIntervalMs);
      const legacy = p.protocolVersion === LEGACY_PROTOCOL_VERSION;
      if (legacy) log.warn({ sensorId: p.sensorId }, 'sensor speaks legacy protocol 0.9');
      send({
        type: 'auth-success', sensorId: p.sensorId, tenantId: principal.tenantId, capabilities: CAPABILITIES,
        protocolVersion: PROTOCOL_VERSION, approvalStatus: 'approved',
        ...(legacy ? { message: 'protocol 0.9 is deprecated; upgrade to 1.0' } : {}),
      });
      return true;
    })();
    return authPromise;
  }

  function tick(): void {
    const now = Date.now();
    // A socket we paused for backpressure cannot answer; it is not dead.
    if (paused) lastSeen = now;
    if (now - lastSeen > 2 * deps.pingIntervalMs) return closeAtOnce(ws, 1000, 'Heartbeat timeout');
    send({ type: 'ping', timestamp: deps.clock().getTime() });
    void recheckKey();
  }

  /** Re-reads the session's key (the cache was told to forget it): a revoked key gets auth-revoked and close 4001. */
  async function recheckKey(): Promise<void> {
    const s = session;
    if (!s || ws.readyState !== ws.OPEN) return;
    try {
      await deps.keys.authenticate(s.credential);
    } catch (err) {
      if (!(err instanceof QuorumError)) return void log.error({ err }, 'key re-check failed');
      log.info({ sensorId: s.sensor.sensorId, keyId: s.principal.keyId }, 'sensor key revoked; closing its session');
      send({ type: 'auth-revoked', error: err.message });
      ws.close(4001, 'Token revoked');
    }
  }

  /** Takes a token from the key's bucket, or refuses the message with RATE_LIMITED (nothing of it is taken). */
  function withinRate(s: Session, id: string | null): boolean {
    const waitMs = deps.rateLimiter.take(s.principal.keyId, s.principal.rateLimit);
    if (waitMs === 0) return true;
    deps.metrics.rateLimited.inc({ path: 'sensor' });
    send(errorMessage(new TooManyRequestsError(waitMs / 1000, `this API key's write rate limit is reached; nothing of this message was taken, retry in ${waitMs} ms`), id));
    return false;
  }

  async function ingest(s: Session, id: string | null, raws: unknown[], batch: boolean): Promise<void> {
    const checked = checkSensorSignals(raws, batch, s.sensor, deps.clock(), deps.rules);
    if ('errors' in checked) {
      for (const e of checked.errors) deps.metrics.signalsRejected.inc({ path: 'sensor', field: e.field, rule: e.rule });
      return send(errorMessage(new InvalidSignalError(checked.errors), id));
    }
    try {
      const o = await deps.aggregator.submit({ tenantId: s.principal.tenantId, sensorId: s.sensor.sensorId, messageId: id, entries: checked.entries });
      send({
        type: batch ? 'batch-ack' : 'signal-ack', ...(batch ? { count: raws.length } : {}), sequenceId: ++sequence,
        ...(id !== null ? { id } : {}), stored: o.stored, merged: o.merged, duplicates: o.duplicates, rejected: 0,
        ...(o.replayed ? { replayed: true } : {}),
      });
    } catch (err) {
      if (err instanceof BackpressureError) {
        deps.metrics.sensorBackpressure.inc();
        pauseUntilLowWater();
      } else if (!(err instanceof QuorumError) && !isDatabaseUnavailable(err)) log.error({ err }, 'storing sensor signals failed');
      send(errorMessage(err, id));
    }
  }

  // Stop reading this socket while the queue is full: TCP pushes back on the sensor instead of the hub's memory.
  function pauseUntilLowWater(): void {
    if (paused) return;
    paused = true;
    ws.pause();
    const off = deps.aggregator.onLowWater(() => {
      off();
      paused = false;
      ws.resume();
    });
  }

  return {
    /** The address of an authenticated sensor (guardrails never block it), else null. */
    sensorAddress: () => (session ? deps.remoteAddress : null),
    /** The tenant of an authenticated sensor, else null: its address is protected for that tenant only. */
    tenantId: () => session?.principal.tenantId ?? null,
    /** The id of the key the session authenticated with, else null. */
    keyId: () => session?.principal.keyId ?? null,
    recheckKey,
    /** Stops reading new frames (used first when the hub stops). */
    stopReading(): void {
      ws.pause();
    },
    /** Waits for the frames being handled (their acks go out), then closes with 1000. */
    async shutdown(): Promise<void> {
      ws.pause();
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
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
