// One LISTEN connection per hub: wakes consumers when another process changes shared state (policy, keys).
// A wake-up only; consumers re-read durable state. After a reconnect, notifications may have been missed: listeners are told.

import pg from 'pg';
import type { Logger } from 'pino';

export type NotificationHandler = (payload: string) => void;

export interface NotificationListener {
  /** Calls `handler` with the payload of every NOTIFY on `channel` (a lowercase identifier). */
  on(channel: string, handler: NotificationHandler): void;
  /** Calls `handler` after each reconnect: anything may have changed while the connection was down. */
  onReconnect(handler: () => void): void;
  stop(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/;

export function createNotificationListener(deps: { url: string; logger: Pick<Logger, 'warn' | 'info'>; retryMaxMs?: number }): NotificationListener {
  const handlers = new Map<string, NotificationHandler[]>();
  const reconnectHandlers: Array<() => void> = [];
  const retryMaxMs = deps.retryMaxMs ?? 5000;
  let client: pg.Client | null = null;
  let stopped = false;
  let connecting: Promise<void> | null = null;
  let attempt = 0;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: deps.url, options: '-c TimeZone=UTC', connectionTimeoutMillis: 5000 });
    // A dropped connection emits 'error' then 'end'; both must be handled or the process dies.
    c.on('error', (err) => deps.logger.warn({ err }, 'notification connection failed; reconnecting'));
    c.on('end', () => { if (client === c) { client = null; scheduleReconnect(); } });
    c.on('notification', (n) => { for (const h of handlers.get(n.channel) ?? []) h(n.payload ?? ''); });
    try {
      await c.connect();
      for (const channel of handlers.keys()) await c.query(`LISTEN ${channel}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) return void (await c.end().catch(() => undefined));
    client = c;
    if (attempt > 0) {
      deps.logger.info({ attempts: attempt }, 'notification connection restored');
      for (const h of reconnectHandlers) h();
    }
    attempt = 0;
  }

  function scheduleReconnect(): void {
    if (stopped || connecting) return;
    attempt += 1;
    const delay = Math.min(retryMaxMs, 100 * 2 ** Math.min(attempt, 10));
    connecting = new Promise<void>((resolve) => setTimeout(resolve, delay).unref())
      .then(() => (stopped ? undefined : connect()))
      .catch(() => undefined)
      .finally(() => { connecting = null; if (!client && !stopped) scheduleReconnect(); });
  }

  const ready = connect().catch((err) => { deps.logger.warn({ err }, 'notification connection failed; retrying'); scheduleReconnect(); });
  // LISTENs go one after another: pg refuses (and will stop queueing) a query sent while another is running.
  let listening: Promise<unknown> = ready;

  return {
    on(channel, handler) {
      if (!CHANNEL.test(channel)) throw new Error(`invalid channel name ${channel}`);
      const list = handlers.get(channel);
      if (list) return void list.push(handler);
      handlers.set(channel, [handler]);
      listening = listening.then(() => client?.query(`LISTEN ${channel}`).catch(() => undefined));
    },
    onReconnect(handler) {
      reconnectHandlers.push(handler);
    },
    async stop() {
      stopped = true;
      await ready;
      await connecting;
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
