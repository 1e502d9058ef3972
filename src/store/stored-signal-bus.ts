// In-process hand-off of committed signals to their listeners (correlation, broadcasting).
// Publishes only after commit; a failing listener is logged and never affects ingest or other listeners.

/** A commit's news: its tenant stored this many signals (what they were, consumers read from the durable feed). */
export interface CommittedSignals {
  tenantId: string;
  count: number;
}

export type CommitListener = (batch: CommittedSignals) => void | Promise<void>;

export function createStoredSignalBus(onListenerError: (err: unknown) => void) {
  const listeners = new Set<CommitListener>();
  return {
    /** Adds a listener; returns the function that removes it. */
    subscribe(listener: CommitListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish(batch: CommittedSignals): void {
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
