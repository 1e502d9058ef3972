// The /ws/dashboard endpoint: upgrades on the hub's HTTP server, caps connections and frame size, reads the login cookie,
// and keeps the open sessions (revocations re-check them). Never touches another path's upgrade; never waits on a client.

import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { SENSOR_PATH } from '../../ingest/sensor-gateway.ts';
import { handleDashboardConnection, type DashboardConnectionDeps } from './connection.ts';
import { DASHBOARD_CLOSE } from './protocol.ts';

export const DASHBOARD_PATH = '/ws/dashboard';
export const SESSION_COOKIE = 'quorum_session';

export interface DashboardGatewayDeps extends Omit<DashboardConnectionDeps, 'sessionToken' | 'sessionId'> {
  /** Dashboard sockets at most, authenticated or not (beyond: close 1013). */
  maxConnections: number;
  /** Largest client frame (beyond: close 1009). */
  maxFrameBytes: number;
}

export function attachDashboardGateway(server: http.Server, deps: DashboardGatewayDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes, perMessageDeflate: false });
  const open = new Map<WebSocket, ReturnType<typeof handleDashboardConnection>>();
  let closing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = pathOf(req.url);
    // An unparseable target and /ws/sensors are the sensor gateway's to answer; every other path but ours is a 404 here.
    if (path === null || path === SENSOR_PATH) return;
    socket.on('error', () => socket.destroy());
    if (path !== DASHBOARD_PATH) return refuse(socket, 404, 'Not Found', { code: 'not_found', detail: `no WebSocket endpoint ${path.slice(0, 200)}` });
    if (closing) return refuse(socket, 503, 'Service Unavailable', { code: 'shutting_down', detail: 'the hub is shutting down' });
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req));
  };

  function accept(ws: WebSocket, req: http.IncomingMessage): void {
    if (open.size >= deps.maxConnections) {
      deps.metrics.dashboardDrops.inc({ reason: 'max_connections' });
      ws.close(DASHBOARD_CLOSE.tryAgainLater, 'Max connections reached');
      setTimeout(() => ws.terminate(), 1000).unref();
      return;
    }
    const sessionId = randomUUID();
    const conn = handleDashboardConnection(ws, {
      ...deps, sessionId, sessionToken: sessionCookie(req), logger: deps.logger.child({ dashboard: sessionId, remote: req.socket.remoteAddress }),
    });
    open.set(ws, conn);
    deps.metrics.dashboardConnections.inc({ state: 'pending' });
    ws.once('close', () => {
      open.delete(ws);
      deps.metrics.dashboardConnections.dec({ state: 'pending' });
    });
  }

  server.on('upgrade', onUpgrade);
  return {
    connections: () => open.size,
    /** Re-verifies the sessions that authenticated with `keyId` (it was revoked somewhere). */
    recheckKey(keyId: string): void {
      for (const c of open.values()) if (c.keyId() === keyId) void c.recheck();
    },
    /** Re-verifies every session's credential (revocations may have been missed). */
    recheckAll(): void {
      for (const c of open.values()) void c.recheck();
    },
    /** Stops taking connections and closes every dashboard with 1001 (they reconnect to another hub and resume or snapshot). */
    async close(): Promise<void> {
      closing = true;
      server.off('upgrade', onUpgrade);
      const closed = [...open.keys()].map((ws) => new Promise((r) => ws.once('close', r)));
      for (const c of open.values()) c.close(DASHBOARD_CLOSE.shuttingDown, 'Server shutting down');
      await Promise.all(closed);
      wss.close();
    },
  };
}

export type DashboardGateway = ReturnType<typeof attachDashboardGateway>;

/**
 * The quorum_session cookie of the upgrade, or null. Ignored when a browser says the page is from another origin: a
 * foreign page must not ride the user's cookie into a live view of the tenant (cross-site WebSocket hijacking).
 */
export function sessionCookie(req: Pick<http.IncomingMessage, 'headers'>): string | null {
  const origin = req.headers.origin;
  if (origin !== undefined && hostOf(origin) !== req.headers.host) return null;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return value.length > 0 && value.length <= 512 ? value : null;
    }
  }
  return null;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function pathOf(target: string | undefined): string | null {
  try {
    return new URL(target ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

function refuse(socket: Duplex, status: number, reason: string, body: Record<string, string>): void {
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}
