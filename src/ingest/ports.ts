// What ingest hands its signals to, declared by ingest so it never imports a later stage: the store's SqlEmitter fits
// SignalWriter and the aggregator fits MessageSink; the hub wires them. Types only, no behaviour.

import type pg from 'pg';
import type { ValidSignal } from '../core/types.ts';

/** How many signals a write added, and how many it skipped because their signal_id was stored before. */
export interface WriteResult {
  accepted: number;
  duplicates: number;
}

export interface WriteOptions {
  /**
   * Runs before the commit on the writing client, which may be quorum_ingest's: it can only add signals and record
   * sensor receipts. Told the signal_ids the write stored (a row without one is always stored).
   */
  inTransaction?: (client: pg.PoolClient, storedIds: ReadonlySet<string>) => Promise<void>;
}

/** Validates wire signals and stores them all-or-nothing; `inTransaction` runs on the write's client before it commits. */
export interface SignalWriter {
  validate(wire: unknown[], batch?: boolean): ValidSignal[];
  store(tenantId: string, signals: ValidSignal[], opts?: WriteOptions): Promise<WriteResult>;
}

/**
 * A batch without signal_ids made ready to go straight in (the store's SqlEmitter.prepareCopy): its COPY data and what
 * its commit publishes. Its holder keeps these buffers instead of the rows, which the young collector would otherwise
 * copy again and again while the write waits on PostgreSQL.
 */
export interface PreparedCopy {
  tenantId: string;
  copyData: Buffer[];
  count: number;
  keys: Set<string>;
  ends: boolean;
  /** The UTC days of the rows' observed_at (their daily partitions). */
  days: Set<string>;
}

/**
 * One signal entering a batch window: its row, and whether it merges with the window's other rows of its signal_key and
 * subject (a sensor's ThreatSignal: one signal type from one source IP, else one fingerprint) or never (a native Quorum
 * signal). The dedup key itself is made at the flush: kept from arrival, it was one more string a row held meanwhile.
 */
export interface WindowEntry {
  merges: boolean;
  row: ValidSignal;
}

/** One signal or signal-batch message whose signals must be committed before it is acknowledged. */
export interface SensorMessage {
  tenantId: string;
  sensorId: string;
  /** The sensor's message id; with it, a resend is acknowledged from its receipt instead of stored again. */
  messageId: string | null;
  entries: WindowEntry[];
}

/** What happened to a message's signals; `replayed` when it was committed before (a resend). */
export interface MessageOutcome {
  signalCount: number;
  stored: number;
  merged: number;
  duplicates: number;
  replayed: boolean;
}

/** Takes sensor messages and settles each only after its signals are committed; tells when its queue has room again. */
export interface MessageSink {
  submit(message: SensorMessage): Promise<MessageOutcome>;
  onLowWater(listener: () => void): () => void;
}

/**
 * How a sensor applies blocklist changes: `push` (blocklist-push, `updates[].type`, every block type), `update` (the
 * Rust WAF's blocklist-update, `updates[].action`, IP and FINGERPRINT only) or `both` (a sensor that did not say: it
 * is sent both forms and applies the one it understands; applying both is harmless, adds and removes are idempotent).
 */
export type BlocklistDialect = 'push' | 'update' | 'both';

/** A version and hash a sensor says its blocklist holds (heartbeat `blocklistVersion`/`blocklistHash`, or blocklist-sync). */
export interface BlocklistHeld {
  version: number;
  hash: string | null;
}

/** One authenticated sensor session, as the blocklist distribution sees it. */
export interface BlocklistSession {
  readonly tenantId: string;
  readonly sensorId: string;
  readonly dialect: BlocklistDialect;
  /**
   * Sends `{"type": type, "sequenceId": <next>, …fields}`; `fields` is the rest of the message as JSON object text
   * (`{…}`), so one change serialised once can go to a thousand sessions. `large` lets a snapshot exceed the send-buffer
   * limit once. False when the socket is closed or was closed for backpressure.
   */
  sendRaw(type: string, fields: string, large?: boolean): boolean;
}

/** Served by the distribute stage: what a session asks about its tenant's blocklist. Declared here so ingest never imports it. */
export interface BlocklistSource {
  /** A session authenticated: the tenant's blocklist is made ready for it (no message is sent). */
  opened(session: BlocklistSession): Promise<void>;
  /** Answers `blocklist-sync`: a snapshot, or a delta from `held` when the sensor names a version it holds. */
  sync(session: BlocklistSession, held: BlocklistHeld | null): Promise<void>;
  /** A heartbeat reported what the sensor holds: catch up a sensor behind, re-sync one whose hash differs. */
  report(session: BlocklistSession, held: BlocklistHeld): Promise<void>;
}

/** The sessions connected to this hub, by tenant (the sensor gateway fits it). */
export interface BlocklistSessions {
  sessionsOf(tenantId: string): BlocklistSession[];
}

/** One approved sensor session, as the command delivery sees it. */
export interface CommandSession {
  readonly tenantId: string;
  readonly sensorId: string;
  /** When the session authenticated: what was sent before it, to an earlier session, is sent again (in order). */
  readonly connectedAt: Date;
  /** Sends one command frame (JSON object text); false when the socket is closed or was closed for backpressure. */
  sendText(text: string): boolean;
  /** False once the socket is closing or closed: nothing more is claimed for it. */
  isOpen(): boolean;
}

/** A sensor's `command-ack`: the command it ran, whether it succeeded, what it said. */
export interface CommandAckReport {
  commandId: string;
  success: boolean;
  message: string | null;
  result: Record<string, unknown> | null;
}

/** Served by the distribute stage: a session's fleet commands. Declared here so ingest never imports it. */
export interface CommandSource {
  /** An approved session authenticated: its open commands are delivered in order (retried while the session lasts). */
  opened(session: CommandSession): void;
  /** Closes a command the session's sensor acknowledged; throws a QuorumError (answered as `error`) when it cannot. */
  acknowledged(session: CommandSession, ack: CommandAckReport): Promise<void>;
}

/** The approved sessions connected to this hub, of one sensor or all (the sensor gateway fits it). */
export interface CommandSessions {
  commandSessionsOf(tenantId: string, sensorId: string): CommandSession[];
  allCommandSessions(): CommandSession[];
}

/** The tenant's block-feed version (distribute's), read on the caller's client: what a sensor's blocklist sync state is measured against. */
export type BlockFeedVersion = (client: Pick<pg.PoolClient, 'query'>, tenantId: string) => Promise<number>;
