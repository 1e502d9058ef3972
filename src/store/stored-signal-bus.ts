// In-process hand-off of committed signals to their listeners (correlation, broadcasting).
// Publishes only after commit; a failing listener is logged and never affects ingest or other listeners.

import type { StoredRow } from './signal-queries.ts';

export interface StoredBatch {
  tenantId: string;
  signals: StoredRow[];
}

export type StoredBatchListener = (batch: StoredBatch) => void | Promise<void>;

export function createStoredSignalBus(onListenerError: (err: unknown) => void) {
  const listeners = new Set<StoredBatchListener>();
  return {
    /** Adds a listener; returns the function that removes it. */
    subscribe(listener: StoredBatchListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(batch: StoredBatch): void {
      for (const listener of listeners) {
        try {
          Promise.resolve(listener(batch)).catch(onListenerError);
        } catch (err) {
          onListenerError(err);
        }
      }
    },
  };
}

export type StoredSignalBus = ReturnType<typeof createStoredSignalBus>;
