// The readiness probe: one connection of its own that asks "does the database answer within the timeout?".
// Never waits for the pools (a busy pool is not a dead database) and never takes longer than its timeout to say no.

import pg from 'pg';

export interface DatabaseProbe {
  /** True when `SELECT 1` answered in time; concurrent callers share one probe. */
  check(): Promise<boolean>;
  stop(): Promise<void>;
}

export interface ProbeDeps {
  url: string;
  /** Connection options (e.g. the role), as the pools use them. */
  options?: string;
  timeoutMs: number;
  /** Told every result (the quorum_db_up gauge). */
  onResult?: (up: boolean) => void;
}

export function createDatabaseProbe(deps: ProbeDeps): DatabaseProbe {
  let client: pg.Client | null = null;
  let inFlight: Promise<boolean> | null = null;

  // A connection that failed or did not answer is dropped, not awaited: a stopped server would hold end() open.
  const discard = (c: pg.Client | null) => {
    if (client === c) client = null;
    void c?.end().catch(() => undefined);
  };

  async function ping(): Promise<void> {
    const deadline = Date.now() + deps.timeoutMs;
    let c = client;
    if (!c) {
      const fresh = new pg.Client({ connectionString: deps.url, options: deps.options, connectionTimeoutMillis: deps.timeoutMs });
      fresh.on('error', () => discard(fresh));
      try {
        await fresh.connect();
      } catch (err) {
        discard(fresh);
        throw err;
      }
      client = c = fresh;
    }
    try {
      await c.query({ text: 'SELECT 1', query_timeout: Math.max(10, deadline - Date.now()) } as pg.QueryConfig);
    } catch (err) {
      discard(c);
      throw err;
    }
  }

  return {
    check() {
      inFlight ??= ping().then(() => true, () => false).then((up) => {
        inFlight = null;
        deps.onResult?.(up);
        return up;
      });
      return inFlight;
    },
    async stop() {
      await inFlight;
      discard(client);
    },
  };
}
