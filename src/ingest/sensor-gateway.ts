// The /ws/sensors endpoint: upgrades on Fastify's own HTTP server, refuses bad credentials before the upgrade, counts connections.
// Never upgrades a request whose URL credential is invalid (401) or lacks signal:write (403); never touches other paths.

import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { KeyStore } from '../auth/key-store.ts';
import { hasScope } from '../auth/key-store.ts';
import { bearerToken } from '../http/authenticate.ts';
import type { Metrics } from '../metrics.ts';
import { DatabaseUnavailableError, InvalidRequestError, NotFoundError, QuorumError } from '../core/errors.ts';
import { isDatabaseUnavailable } from '../db/sql-errors.ts';
import { closeAtOnce, handleSensorConnection, type ConnectionDeps } from './sensor-connection.ts';
import type { BlocklistSession, CommandSession } from './ports.ts';

export const SENSOR_PATH = '/ws/sensors';

export interface SensorGatewayDeps extends Omit<ConnectionDeps, 'logger' | 'remoteAddress' | 'admit'> {
  keys: Pick<KeyStore, 'authenticate'>;
  metrics: Metrics;
  logger: Logger;
  /** Authenticated sensor sessions at most (QUORUM_SENSOR_MAX_CONNECTIONS). */
  maxConnections: number;
  /** Sockets that have not authenticated yet, at most, from everywhere (QUORUM_SENSOR_MAX_UNAUTHENTICATED) … */
  maxUnauthenticated: number;
  /** … and from one address (QUORUM_SENSOR_MAX_PER_ADDRESS). */
  maxPerAddress: number;
  maxFrameBytes: number;
}

type Admission = 'credentialed' | 'anonymous';

/** The place a socket holds: `pending` until the sensor authenticates, then `authenticated`. */
interface Place {
  state: 'pending' | 'authenticated';
  address: string;
}

/**
 * Attaches the sensor gateway to the hub's HTTP server. `ws` in noServer mode on the server's `upgrade` event (rather
 * than @fastify/websocket) lets us answer a bad URL credential with a plain HTTP 401/403 before the upgrade, and keeps
 * the frame limit (close 1009) and the connection caps (close 1013) in our hands.
 *
 * Sockets that have not authenticated have caps of their own, global and per address, so keyless sockets can never
 * take the places of sensors: a sensor holds an authenticated place from its auth (or from the upgrade, when it
 * presents a valid key there).
 */
export function attachSensorGateway(server: http.Server, deps: SensorGatewayDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes, perMessageDeflate: false });
  const open = new Map<WebSocket, ReturnType<typeof handleSensorConnection>>();
  const pendingByAddress = new Map<string, number>();
  let pending = 0;
  let authenticated = 0;
  let closing = false;

  const countPending = (address: string, delta: number) => {
    pending += delta;
    const n = (pendingByAddress.get(address) ?? 0) + delta;
    if (n > 0) pendingByAddress.set(address, n);
    else pendingByAddress.delete(address);
  };

  /** The cap a new socket would break, or null when it may take a place. */
  function capReached(admission: Admission, address: string): string | null {
    if (admission === 'credentialed') return authenticated >= deps.maxConnections ? 'authenticated' : null;
    if (pending >= deps.maxUnauthenticated) return 'unauthenticated';
    return (pendingByAddress.get(address) ?? 0) >= deps.maxPerAddress ? 'per_address' : null;
  }

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node drops the server's socket error listener before 'upgrade'; until ws takes the socket over (after the key
    // lookup below), a reset by the peer would be an unhandled 'error' that kills the process.
    socket.on('error', () => socket.destroy());
    const url = parseTarget(req.url);
    if (!url) return refuse(socket, new InvalidRequestError('the request target is not a valid URL'));
    if (url.pathname !== SENSOR_PATH) {
      // Other WebSocket endpoints register their own listeners; answer 404 only when nobody else is listening.
      if (server.listenerCount('upgrade') === 1) refuse(socket, new NotFoundError(`no WebSocket endpoint ${url.pathname}`));
      return;
    }
    if (closing) return refuse(socket, new QuorumError('shutting_down', 503, 'the hub is shutting down'));
    void preAuthenticate(url.searchParams.get('token') ?? bearerToken(req.headers.authorization)).then((admission) => {
      if (socket.destroyed) return;
      if (admission instanceof QuorumError) return refuse(socket, admission);
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, admission, unmapped(req.socket.remoteAddress)));
    }).catch((err) => {
      deps.logger.error({ err }, 'sensor upgrade failed');
      socket.destroy();
    });
  };

  function accept(ws: WebSocket, admission: Admission, remoteAddress: string | null): void {
    const address = addressKey(remoteAddress);
    const cap = capReached(admission, address);
    if (cap) {
      deps.metrics.sensorConnectionsRefused.inc({ cap });
      return closeAtOnce(ws, 1013, 'Max connections reached');
    }
    const place: Place = { state: admission === 'credentialed' ? 'authenticated' : 'pending', address };
    if (place.state === 'pending') countPending(address, 1);
    else authenticated++;
    // Called by the session once its key is good: the pending place becomes an authenticated one, if one is free.
    const admit = () => {
      if (place.state === 'authenticated') return true;
      if (authenticated >= deps.maxConnections) {
        deps.metrics.sensorConnectionsRefused.inc({ cap: 'authenticated' });
        return false;
      }
      countPending(address, -1);
      authenticated++;
      place.state = 'authenticated';
      return true;
    };
    open.set(ws, handleSensorConnection(ws, { ...deps, remoteAddress, admit, logger: deps.logger.child({ remote: remoteAddress }) }));
    deps.metrics.sensorConnections.inc({ state: 'open' });
    ws.once('close', () => {
      open.delete(ws);
      if (place.state === 'pending') countPending(address, -1);
      else authenticated--;
      deps.metrics.sensorConnections.dec({ state: 'open' });
    });
  }

  /** An error for a bad URL credential, else whether the upgrade carried a valid key. */
  async function preAuthenticate(token: string | null): Promise<QuorumError | Admission> {
    if (token === null) return 'anonymous';
    try {
      const principal = await deps.keys.authenticate(token);
      if (!hasScope(principal, 'signal:write')) return new QuorumError('scope_missing', 403, 'this API key lacks the "signal:write" scope');
      return 'credentialed';
    } catch (err) {
      if (err instanceof QuorumError) return err;
      if (isDatabaseUnavailable(err)) return new DatabaseUnavailableError();
      deps.logger.error({ err }, 'sensor upgrade authentication failed');
      return new QuorumError('internal', 500, 'internal error');
    }
  }

  server.on('upgrade', onUpgrade);
  return {
    connections: () => open.size,
    /** Addresses of the authenticated sensors connected now, of one tenant when named (the guardrails' protected addresses). */
    sensorAddresses: (tenantId?: string): string[] => [...new Set([...open.values()]
      .filter((c) => tenantId === undefined || c.tenantId() === tenantId)
      .map((c) => c.sensorAddress()).filter((a): a is string => a !== null))],
    /** The authenticated sessions of a tenant connected to this hub (where its blocklist changes go). */
    sessionsOf(tenantId: string): BlocklistSession[] {
      const sessions: BlocklistSession[] = [];
      for (const c of open.values()) {
        const s = c.blocklistSession();
        if (s && s.tenantId === tenantId) sessions.push(s);
      }
      return sessions;
    },
    /** The approved sessions of one sensor connected to this hub (where its commands go). */
    commandSessionsOf(tenantId: string, sensorId: string): CommandSession[] {
      return [...open.values()].map((c) => c.commandSession()).filter((s): s is CommandSession => s !== null && s.tenantId === tenantId && s.sensorId === sensorId);
    },
    /** Every approved session connected to this hub (commands may have been missed while the LISTEN connection was down). */
    allCommandSessions(): CommandSession[] {
      return [...open.values()].map((c) => c.commandSession()).filter((s): s is CommandSession => s !== null);
    },
    /** Re-verifies the key of every session that authenticated with `keyId` (it was revoked somewhere). */
    recheckKey(keyId: string): void {
      for (const c of open.values()) if (c.keyId() === keyId) void c.recheckKey();
    },
    /** Re-reads the approval of the sessions of one sensor (an administrator rejected or decommissioned it somewhere). */
    recheckApproval(tenantId: string, sensorId: string): void {
      for (const c of open.values()) {
        const s = c.sensor();
        if (s && s.tenantId === tenantId && s.sensorId === sensorId) void c.recheckApproval();
      }
    },
    /** Re-reads every session's approval (changes may have been missed while the LISTEN connection was down). */
    recheckAllApprovals(): void {
      for (const c of open.values()) void c.recheckApproval();
    },
    /** Re-verifies every session's key (revocations may have been missed). */
    recheckAll(): void {
      for (const c of open.values()) void c.recheckKey();
    },
    /**
     * Stops taking connections and frames, runs `drain` (the aggregator's final flush) so held messages are
     * committed and acknowledged, then closes every connection with 1000.
     */
    async close(drain: () => Promise<void> = async () => undefined): Promise<void> {
      closing = true;
      server.off('upgrade', onUpgrade);
      for (const c of open.values()) c.stopReading();
      await drain();
      await Promise.all([...open.values()].map((c) => c.shutdown()));
      wss.close();
    },
  };
}

/** `::ffff:10.0.0.1` → `10.0.0.1`: the IPv4 a dual-stack socket reports as an IPv4-mapped IPv6 address. */
export function unmapped(address: string | undefined): string | null {
  if (!address) return null;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/**
 * What the per-address cap counts: an IPv4 address, or the /64 of an IPv6 address (one IPv6 host usually holds a
 * whole /64, so counting single addresses would let it open billions of places).
 */
export function addressKey(address: string | null): string {
  if (!address || !address.includes(':')) return address ?? '';
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function refuse(socket: Duplex, { status, code, message }: QuorumError): void {
  const body = JSON.stringify({ code, detail: message });
  const reason = ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' } as Record<number, string>)[status] ?? 'Error';
  const retryAfter = status === 503 ? 'Retry-After: 1\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retryAfter}Connection: close\r\n\r\n${body}`);
}

/** The upgrade's request target as a URL, or null when it is not one (`//[`, `http://[`): a 400, never a throw. */
function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

export type SensorGateway = ReturnType<typeof attachSensorGateway>;
