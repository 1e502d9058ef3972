// Refused logins counted per username and per address: past the limit a login is refused (429) before any password is checked.
// Per hub process and in memory; never stores a password; a success forgets the username's failures.

import { TooManyRequestsError } from '../core/errors.ts';

export interface LoginLimits {
  /** Refused logins of one username within `windowMs` before its logins are refused. */
  perUsername: number;
  /** Refused logins from one address within `windowMs` before its logins are refused. */
  perAddress: number;
  windowMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

const MAX_TRACKED = 100_000;

/** A token bucket per username and per address: a failure takes a token, tokens come back over the window. */
export function createLoginLimiter(limits: LoginLimits, clock: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const capacity = (key: string) => (key.startsWith('u:') ? limits.perUsername : limits.perAddress);

  function refilled(key: string): Bucket | undefined {
    const b = buckets.get(key);
    if (!b) return undefined;
    const t = clock();
    b.tokens = Math.min(capacity(key), b.tokens + ((t - b.at) * capacity(key)) / limits.windowMs);
    b.at = t;
    if (b.tokens >= capacity(key)) buckets.delete(key);
    return b;
  }

  const keysOf = (username: string, address: string) => [`u:${username}`, `a:${address}`];

  function put(key: string, b: Bucket): void {
    buckets.delete(key);
    if (buckets.size >= MAX_TRACKED) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, b);
  }

  return {
    /**
     * Counts a login attempt as refused in advance (so attempts sent at once cannot all slip through), or throws 429
     * `rate_limited` with Retry-After when the username or the address has used up its refused logins.
     */
    attempt(username: string, address: string): void {
      const keys = keysOf(username, address);
      const held = keys.map((key) => refilled(key) ?? { tokens: capacity(key), at: clock() });
      const waitMs = Math.max(0, ...held.map((b, i) => (b.tokens < 1 ? ((1 - b.tokens) * limits.windowMs) / capacity(keys[i]!) : 0)));
      if (waitMs > 0) throw new TooManyRequestsError(waitMs / 1000, `too many refused logins for this username or from this address; retry in ${Math.ceil(waitMs / 1000)} s`);
      held.forEach((b, i) => { b.tokens -= 1; put(keys[i]!, b); });
    },

    /** A correct password: forgets the username's refused logins and gives the address its token back. */
    succeeded(username: string, address: string): void {
      buckets.delete(`u:${username}`);
      const b = refilled(`a:${address}`);
      if (b) b.tokens = Math.min(limits.perAddress, b.tokens + 1);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
