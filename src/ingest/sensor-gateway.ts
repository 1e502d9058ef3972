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
import { QuorumError } from '../errors.ts';
import { handleSensorConnection, type ConnectionDeps } from './sensor-connection.ts';

export const SENSOR_PATH = '/ws/sensors';

export interface SensorGatewayDeps extends Omit<ConnectionDeps, 'logger' | 'remoteAddress'> {
  keys: Pick<KeyStore, 'authenticate'>;
  metrics: Metrics;
  logger: Logger;
  maxConnections: number;
  maxFrameBytes: number;
}

/**
 * Attaches the sensor gateway to the hub's HTTP server. `ws` in noServer mode on the server's `upgrade` event (rather
 * than @fastify/websocket) lets us answer a bad URL credential with a plain HTTP 401/403 before the upgrade, and keeps
 * the frame limit (close 1009) and connection limit (close 1013) in our hands.
 */
export function attachSensorGateway(server: http.Server, deps: SensorGatewayDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes, perMessageDeflate: false });
  const open = new Map<WebSocket, ReturnType<typeof handleSensorConnection>>();
  let closing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== SENSOR_PATH) {
      // Other WebSocket endpoints register their own listeners; answer 404 only when nobody else is listening.
      if (server.listenerCount('upgrade') === 1) refuse(socket, 404, 'not_found', `no WebSocket endpoint ${url.pathname}`);
      return;
    }
    if (closing) return refuse(socket, 503, 'shutting_down', 'the hub is shutting down');
    void preAuthenticate(url.searchParams.get('token') ?? bearerToken(req.headers.authorization)).then((problem) => {
      if (problem) return refuse(socket, problem.status, problem.code, problem.message);
      wss.handleUpgrade(req, socket, head, (ws) => {
        if (open.size >= deps.maxConnections) return ws.close(1013, 'Max connections reached');
        const remoteAddress = unmapped(req.socket.remoteAddress);
        const conn = handleSensorConnection(ws, { ...deps, remoteAddress, logger: deps.logger.child({ remote: remoteAddress }) });
        open.set(ws, conn);
        deps.metrics.sensorConnections.inc({ state: 'open' });
        ws.once('close', () => {
          open.delete(ws);
          deps.metrics.sensorConnections.dec({ state: 'open' });
        });
      });
    });
  };

  async function preAuthenticate(token: string | null): Promise<QuorumError | null> {
    if (token === null) return null;
    try {
      const principal = await deps.keys.authenticate(token);
      if (!hasScope(principal, 'signal:write')) return new QuorumError('scope_missing', 403, 'this API key lacks the "signal:write" scope');
      return null;
    } catch (err) {
      if (err instanceof QuorumError) return err;
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

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ code, detail: message });
  const reason = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export type SensorGateway = ReturnType<typeof attachSensorGateway>;
