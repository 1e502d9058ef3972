// In-process hand-off of committed signals to their listeners (correlation, broadcasting).
// Publishes only after commit; a failing listener is logged and never affects ingest or other listeners.

/**
 * A commit's news: its tenant stored this many signals, of these keys, some reporting an end or none. Consumers read
 * the signals themselves from the durable feed; the keys let one whose interest excludes them all wait for its poll.
 */
export interface CommittedSignals {
  tenantId: string;
  count: number;
  keys: ReadonlySet<string>;
  /** Some signal's value says `"ended": true` (a detector's end of report). */
  ends: boolean;
}

/** A listener's answer is ignored, but a promise it returns that rejects is reported like a throw. */
export type CommitListener = (batch: CommittedSignals) => unknown;

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
