// A sensor's health and sync state as the hub derives them from durable state at read time (pure, no I/O): the
// reported status while heartbeats arrive, `stale` then `offline` when they stop; expected vs reported config, rules, blocklist.
// Never depends on which hub holds the sensor: every input is a stored column, so every hub answers alike.

export type ReportedStatus = 'healthy' | 'degraded' | 'unhealthy';
/** `unknown`: the sensor never sent a heartbeat. */
export type Health = ReportedStatus | 'stale' | 'offline' | 'unknown';
export type SyncState = 'in_sync' | 'behind' | 'drifted' | 'unknown';

export interface SilenceThresholds {
  staleAfterMs: number;
  /** Taken as at least `staleAfterMs`. */
  offlineAfterMs: number;
}

/** The health of a sensor at `now`: silence beats the reported status. */
export function deriveHealth(reported: string | null, lastHeartbeatAt: string | Date | null, now: Date, t: SilenceThresholds): Health {
  if (lastHeartbeatAt === null) return 'unknown';
  const silentMs = now.getTime() - new Date(lastHeartbeatAt).getTime();
  if (silentMs > Math.max(t.offlineAfterMs, t.staleAfterMs)) return 'offline';
  if (silentMs > t.staleAfterMs) return 'stale';
  return reported === 'degraded' || reported === 'unhealthy' ? reported : 'healthy';
}

/** One compared value: what the hub expects, what the sensor reports, the state and since when it holds. */
export interface SyncItem<V> {
  expected: V | null;
  reported: V | null;
  state: SyncState;
  since: string | null;
}

const later = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : (new Date(a) > new Date(b) ? a : b));

/**
 * A config or rules hash: `in_sync` when it matches the expected one or none is expected yet (before rollouts);
 * `behind` when the expectation changed after the sensor's last report (it has not applied it yet); `drifted` when the
 * sensor moved to another hash after the expectation was set.
 */
export function hashSync(expected: string | null, expectedAt: string | null, reported: string | null, reportedAt: string | null): SyncItem<string> {
  if (reported === null) return { expected, reported, state: 'unknown', since: null };
  if (expected === null || expected === reported) return { expected, reported, state: 'in_sync', since: later(expectedAt, reportedAt) };
  const behind = expectedAt !== null && (reportedAt === null || new Date(expectedAt) >= new Date(reportedAt));
  return { expected, reported, state: behind ? 'behind' : 'drifted', since: behind ? expectedAt : reportedAt };
}

/**
 * The blocklist version against the tenant's block-feed version: equal is `in_sync`, older is `behind`, newer than the
 * feed (a sensor holding what this database never issued) is `drifted`. `since`: when the sensor last reported a change.
 */
export function blocklistSync(feedVersion: number, reported: number | null, reportedAt: string | null): SyncItem<number> {
  if (reported === null) return { expected: feedVersion, reported, state: 'unknown', since: null };
  const state: SyncState = reported === feedVersion ? 'in_sync' : reported < feedVersion ? 'behind' : 'drifted';
  return { expected: feedVersion, reported, state, since: reportedAt };
}
