// Delivers fleet commands to the approved sensor sessions this hub holds (on auth, on a NOTIFY for their sensor, after
// the LISTEN connection came back) and closes commands on command-ack. Never sends a command it has not claimed in PostgreSQL.

import type pg from 'pg';
import type { Logger } from 'pino';
import { NotFoundError } from '../core/errors.ts';
import { withTenant } from '../db/pools.ts';
import type { NotificationListener } from '../db/notifications.ts';
import type { CommandAckReport, CommandSession, CommandSessions, CommandSource } from '../ingest/ports.ts';
import type { Metrics } from '../metrics.ts';
import { claimCommands, COMMAND_CHANNEL, finishAcknowledged, releaseUnsent, type ClaimedCommand, type FinishedCommand } from './command-queries.ts';
import { isUuid } from '../core/uuid.ts';

export interface CommandDeliveryDeps {
  app: pg.Pool;
  sessions: CommandSessions;
  notifications: Pick<NotificationListener, 'on' | 'onReconnect'>;
  metrics: Pick<Metrics, 'commandsSent' | 'commandOutcomes'>;
  logger: Pick<Logger, 'info' | 'warn'>;
  clock: () => Date;
  /** A delivery that failed (the database was away) is tried again after this long, while its session lasts. */
  retryMs: number;
}

/** Commands claimed per statement; a sensor with more open ones gets them in further rounds of the same delivery. */
const CLAIM_BATCH = 100;

/** The wire form of a command (protocol 1.0): `{"type", "commandId", "payload"}`. */
export function commandFrame(c: Pick<ClaimedCommand, 'id' | 'type' | 'payload'>): string {
  return JSON.stringify({ type: c.type, commandId: c.id, payload: c.payload });
}

/** One log line (stable `event`) and one count per command outcome, on the hub that finished it. */
export function reportOutcome(deps: { metrics: Pick<Metrics, 'commandOutcomes'>; logger: Pick<Logger, 'info'> }, f: FinishedCommand): void {
  deps.metrics.commandOutcomes.inc({ type: f.type, outcome: f.status });
  deps.logger.info({ event: `command.${f.status}`, tenantId: f.tenant_id, sensorId: f.sensor_id, commandId: f.id, type: f.type, attempts: f.attempts }, `command ${f.status}`);
}

export function createCommandDelivery(deps: CommandDeliveryDeps) {
  // One delivery at a time per session: a later claim never overtakes an earlier one, so commands leave in seq order.
  const chains = new WeakMap<CommandSession, Promise<void>>();

  /** `resend`: a new session also gets what was sent before it to an earlier one and not answered (in order, before what is newer). */
  async function deliverNow(session: CommandSession, resend: boolean): Promise<void> {
    const { tenantId, sensorId } = session;
    const at = deps.clock();
    for (;;) {
      // A closed session's commands stay pending: the next session of the sensor gets them, on whichever hub.
      if (!session.isOpen()) return;
      const claimed = await withTenant(deps.app, tenantId, (c) => claimCommands(c, tenantId, sensorId, at, resend ? session.connectedAt : null, CLAIM_BATCH));
      for (const [i, cmd] of claimed.entries()) {
        // The socket closed while the claim ran: what was not written is released for the sensor's next session.
        if (!session.sendText(commandFrame(cmd))) return withTenant(deps.app, tenantId, (c) => releaseUnsent(c, tenantId, claimed.slice(i), at));
        deps.metrics.commandsSent.inc({ type: cmd.type });
      }
      if (claimed.length < CLAIM_BATCH) return;
    }
  }

  function deliver(session: CommandSession, resend = false): Promise<void> {
    const next = (chains.get(session) ?? Promise.resolve()).then(() => deliverNow(session, resend));
    chains.set(session, next.catch(() => undefined));
    return next;
  }

  function deliverQuietly(session: CommandSession, resend = false): void {
    deliver(session, resend).catch((err) => {
      deps.logger.warn({ err, sensorId: session.sensorId }, `delivering commands failed; retrying in ${deps.retryMs} ms`);
      if (session.isOpen()) setTimeout(() => deliverQuietly(session, resend), deps.retryMs).unref();
    });
  }

  /** Delivers the open commands of a sensor to its sessions on this hub (none: another hub holds it, or nobody). */
  function wake(tenantId: string, sensorId: string): void {
    for (const s of deps.sessions.commandSessionsOf(tenantId, sensorId)) deliverQuietly(s);
  }

  const source: CommandSource = {
    opened: (session) => deliverQuietly(session, true),
    async acknowledged(session: CommandSession, ack: CommandAckReport): Promise<void> {
      const { tenantId, sensorId } = session;
      const finished = isUuid(ack.commandId)
        ? await withTenant(deps.app, tenantId, (c) => finishAcknowledged(c, tenantId, sensorId, ack, deps.clock()))
        : null;
      if (!finished) throw new NotFoundError(`command ${ack.commandId.slice(0, 64)} is not an open command of this sensor; nothing changed`);
      reportOutcome(deps, finished);
    },
  };

  return {
    source,
    start(): void {
      deps.notifications.on(COMMAND_CHANNEL, (payload) => {
        const at = payload.indexOf(':');
        if (at > 0) wake(payload.slice(0, at), payload.slice(at + 1));
      });
      // Wake-ups may have been missed while the LISTEN connection was down: every session here looks again.
      deps.notifications.onReconnect(() => deps.sessions.allCommandSessions().forEach((s) => deliverQuietly(s)));
    },
  };
}

export type CommandDelivery = ReturnType<typeof createCommandDelivery>;
