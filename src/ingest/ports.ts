// What ingest hands its signals to, declared by ingest so it never imports a later stage: the store's SqlEmitter fits
// SignalWriter and the aggregator fits MessageSink; the hub wires them. Types only, no behaviour.

import type pg from 'pg';
import type { ValidSignal } from '../core/types.ts';

/** How many signals a write added, and how many it skipped because their signal_id was stored before. */
export interface WriteResult {
  accepted: number;
  duplicates: number;
}

/** Validates wire signals and stores them all-or-nothing; `inTransaction` runs on the write's client before it commits. */
export interface SignalWriter {
  validate(wire: unknown[], batch?: boolean): ValidSignal[];
  store(tenantId: string, signals: ValidSignal[], opts?: {
    inTransaction?: (client: pg.PoolClient, stored: { signalId: string | null }[]) => Promise<void>;
  }): Promise<WriteResult>;
}

/** One signal entering a batch window: its dedup key (null = never merged, e.g. a native Quorum signal) and its row. */
export interface WindowEntry {
  key: string | null;
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
