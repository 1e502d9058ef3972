// The pure decisions of a canary rollout: how many canaries a percentage makes, and what the canaries' state calls
// for (wait, soak from now, promote, roll back). No I/O; pinned by exact tests in test/rollout-plan.test.ts.

/** Canaries for `percent` of `targets` sensors: rounded up, at least 1, at most all. */
export function canaryCount(targets: number, percent: number): number {
  return Math.min(targets, Math.max(1, Math.ceil((targets * percent) / 100)));
}

export interface CanaryState {
  sensor_id: string;
  status: string;
  message: string | null;
  /** healthy, degraded, unhealthy, stale, offline or unknown, now. */
  health: string;
  /** Reported `unhealthy` since the soak began. */
  unhealthy_since: boolean;
}

export type CanaryVerdict =
  | { kind: 'wait' }
  | { kind: 'acked' }
  | { kind: 'promote' }
  | { kind: 'roll_back'; reason: string };

/**
 * Roll back when a canary failed (its push failed, timed out, expired or was cancelled) or is unhealthy (now, or reported during the
 * soak) or offline after its push reached it); once every canary applied the version the soak begins (`acked`); promote
 * after `soakSeconds` when every canary is healthy at that moment; otherwise wait.
 */
export function judgeCanaries(canaries: CanaryState[], ackedAt: string | null, soakSeconds: number, now: Date): CanaryVerdict {
  const failed = canaries.find((s) => s.status === 'failed');
  if (failed) return { kind: 'roll_back', reason: `canary ${failed.sensor_id} failed to apply it: ${failed.message ?? 'no message'}` };
  // A canary offline before its push reached it says nothing about the version: only one that got it counts as gone.
  const sick = canaries.find((s) => s.health === 'unhealthy' || s.unhealthy_since || (s.health === 'offline' && s.status !== 'pending'));
  if (sick) return { kind: 'roll_back', reason: `canary ${sick.sensor_id} turned ${sick.health === 'offline' ? 'offline' : 'unhealthy'}` };
  if (!canaries.every((s) => s.status === 'applied')) return { kind: 'wait' };
  if (ackedAt === null) return { kind: 'acked' };
  if (now.getTime() < new Date(ackedAt).getTime() + soakSeconds * 1000) return { kind: 'wait' };
  return canaries.every((s) => s.health === 'healthy') ? { kind: 'promote' } : { kind: 'wait' };
}
