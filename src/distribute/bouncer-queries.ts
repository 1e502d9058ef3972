// SQL of the CrowdSec bouncer API: the bouncer registry (migration 015), the blocks touched since a bouncer's version
// and single-address lookups. Reads blocks only (the decider writes them); run inside withTenant, under RLS.
// A poll's statements are named (prepared once per connection) and run on their generic plan (GENERIC_PLANS): planning
// the delta's query took 0.4 of its 1.0 ms, the lookup's half of its time.

import type pg from 'pg';
import { inlined, type Statement } from '../db/one-trip.ts';
import { fetchCursorPages } from '../db/cursor-pages.ts';
import { WHOLE_RESULT_CURSORS } from './active-blocks.ts';
import type { BlockOrigin } from '../core/types.ts';
import type { DecisionSource, TouchedBlock } from './crowdsec-decisions.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** Who pulls: a bouncer is one key, one user agent and one address. */
export interface BouncerIdentity {
  tenantId: string;
  keyId: string;
  userAgent: string;
  address: string;
}

export interface BouncerRow {
  id: string;
  key_id: string;
  user_agent: string;
  address: string;
  version: number;
  first_pull_at: Date;
  last_pull_at: Date;
  pulls: number;
}

// A pull record lost in a crash only makes the bouncer's next delta start earlier (changes again, none missed): the
// commit need not wait for the WAL flush, which would otherwise be most of a poll's time.
const RECORD_PULL_SQL = `INSERT INTO crowdsec_bouncers AS cb (tenant_id, key_id, user_agent, address, version, first_pull_at, last_pull_at)
     SELECT $1, $2, $3, $4, $5, $6, $6 FROM (SELECT set_config('synchronous_commit', 'off', true)) AS relaxed
     ON CONFLICT (tenant_id, key_id, user_agent, address)
     DO UPDATE SET version = EXCLUDED.version, last_pull_at = EXCLUDED.last_pull_at, pulls = cb.pulls + 1`;

/**
 * The statement that records a pull answered at `version` (the bouncer's next delta starts after it), to be sent with
 * the COMMIT of the pull's transaction (sendWithCommit).
 */
export function recordPullStatement(b: BouncerIdentity, version: number, at: Date): Statement {
  return { text: RECORD_PULL_SQL, values: [b.tenantId, b.keyId, b.userAgent, b.address, version, at.toISOString()] };
}

/** The tenant's bouncers, most recent pull first. */
export async function listBouncers(c: Client, tenantId: string): Promise<BouncerRow[]> {
  const res = await c.query<BouncerRow & { version: string; pulls: string }>(
    `SELECT id, key_id, user_agent, host(address) AS address, version, first_pull_at, last_pull_at, pulls
     FROM crowdsec_bouncers WHERE tenant_id = $1 ORDER BY last_pull_at DESC, id`,
    [tenantId]);
  return res.rows.map((r) => ({ ...r, version: Number(r.version), pulls: Number(r.pulls) }));
}

interface TouchedRow {
  current: string;
  since: string | null;
  mitigation_id: string | null;
  indicator: string;
  source: BlockOrigin;
  scenario: string;
  ends_at: Date;
  active: boolean;
  created_since: boolean;
}

const TOUCHED_SQL = `
     WITH cur AS (SELECT coalesce((SELECT version FROM block_versions WHERE tenant_id = $1), 0) AS v,
                         (SELECT version FROM crowdsec_bouncers WHERE tenant_id = $1 AND key_id = $2 AND user_agent = $3 AND address = $4) AS since),
     ch AS (
       SELECT ch.mitigation_id, min(ch.version) AS first_version,
              (array_agg(ch.status ORDER BY ch.version DESC))[1] = 'active' AS active,
              -- An ended block ended when it expired or when it was withdrawn, whichever came first.
              (array_agg(CASE WHEN ch.status = 'active' THEN ch.expires_at ELSE least(ch.expires_at, ch.changed_at) END ORDER BY ch.version DESC))[1] AS ends_at,
              bool_or(ch.change = 'created') AS created_since
       FROM block_changes ch, cur
       WHERE ch.tenant_id = $1 AND ch.version > cur.since AND ch.version <= cur.v AND ch.block_type = 'IP' AND ch.change <> 'rejected'
       GROUP BY ch.mitigation_id)
     SELECT cur.v AS current, cur.since, t.*
     FROM cur LEFT JOIN LATERAL (
       SELECT ch.mitigation_id, m.indicator, m.source, m.scenario, ch.ends_at, ch.active, ch.created_since
       -- One primary-key probe per touched block, whatever the planner guesses of the bouncer's version (it cannot
       -- see it when planning): a join could otherwise choose to read all of mitigations. LIMIT 1 keeps it a probe.
       FROM ch CROSS JOIN LATERAL (
         SELECT indicator::text AS indicator, origin AS source, explanation_text AS scenario FROM mitigations WHERE id = ch.mitigation_id AND tenant_id = $1 LIMIT 1) m
       ORDER BY ch.first_version) t ON true`;

/**
 * Every IP block with a change after the bouncer's version (its last pull), in its state at the tenant's current
 * version, read in the same statement: each change up to it has committed, so the next delta starts right after it.
 * Walks the feed's primary key from the bouncer's version: the cost is the changes since its last pull, never the
 * history before it. Null for a bouncer that has never pulled (the caller answers it with the startup answer).
 */
export async function touchedBlocksForBouncer(c: Client, b: BouncerIdentity): Promise<{ since: number; version: number; touched: TouchedBlock[] } | null> {
  const res = await c.query<TouchedRow>({ name: 'crowdsec-touched', text: TOUCHED_SQL, values: [b.tenantId, b.keyId, b.userAgent, b.address] });
  const since = res.rows[0]?.since;
  if (since === null || since === undefined) return null;
  return { since: Number(since), ...touchedPage(res.rows) };
}

function touchedPage(rows: TouchedRow[]): { version: number; touched: TouchedBlock[] } {
  const version = Number(rows[0]?.current ?? 0);
  const touched = rows.filter((r) => r.mitigation_id !== null).map((r) => ({
    mitigation_id: r.mitigation_id!, indicator: r.indicator, source: r.source, scenario: r.scenario, ends_at: r.ends_at,
    active: r.active, createdSince: r.created_since,
  }));
  return { version, touched };
}


/**
 * The IP blocks in force at `now` that cover `prefix` (`covering`: the prefix itself and each shorter one, at most 129
 * probes of mitigations_one_active_idx) or are exactly it. Only the active index is read: ended blocks cost nothing.
 */
export async function lookupActiveBlocks(c: Client, tenantId: string, prefix: string, match: 'covering' | 'exact', now: Date): Promise<DecisionSource[]> {
  const res = await c.query<DecisionSource>({
    name: 'crowdsec-lookup',
    text: `SELECT id AS mitigation_id, indicator::text AS indicator, origin AS source, explanation_text AS scenario, expires_at AS ends_at
     FROM mitigations
     WHERE tenant_id = $1 AND status = 'active' AND expires_at > $4
       AND indicator = ANY (CASE WHEN $3 = 'exact' THEN ARRAY[$2::cidr]
                                 ELSE ARRAY(SELECT set_masklen($2::cidr, l) FROM generate_series(0, masklen($2::cidr)) AS l) END)
     ORDER BY masklen(indicator) DESC, id`,
    values: [tenantId, prefix, match, now],
  });
  return res.rows;
}

const CURSOR = 'active_ip_blocks';

const toSource = ([id, indicator, source, scenario, endsMs]: (string | null)[]): DecisionSource => ({
  mitigation_id: id!, indicator: indicator!, source: source as BlockOrigin, scenario: scenario!, ends_at: new Date(Number(endsMs)),
});

/**
 * The tenant's block-feed version and every IP block in force at `now`, page by page, inside the caller's tenant
 * transaction (the startup answer: exactly the state after that version). One statement reads both, so its one
 * snapshot holds them together at any isolation level; it is declared and its first page fetched in one round trip.
 * `onPage` may write each page before the next is read.
 */
export async function readActiveIpBlocks(c: pg.PoolClient, tenantId: string, now: Date, pageSize: number,
  onPage: (blocks: DecisionSource[]) => Promise<void>): Promise<number> {
  // A cursor in no particular order: PostgreSQL reads the active index's rows in heap order (a bitmap scan) instead of
  // one random heap page per block, and hands them over a page at a time; planned for its whole result
  // (WHOLE_RESULT_CURSORS). Rows come as arrays of text: turning 100,000 rows into objects with parsed dates costs
  // more than reading them. One more row, with no id, carries the version.
  const declare: Statement = {
    text: `DECLARE ${CURSOR} NO SCROLL CURSOR FOR
       SELECT NULL, NULL, NULL, NULL, NULL, coalesce((SELECT version FROM block_versions WHERE tenant_id = $1), 0)::text
       UNION ALL
       SELECT id, indicator::text, origin, explanation_text, (extract(epoch FROM expires_at) * 1000)::bigint::text, NULL
       FROM mitigations WHERE tenant_id = $1 AND status = 'active' AND block_type = 'IP' AND expires_at > $2`,
    values: [tenantId, now.toISOString()],
  };
  const results = await c.query({ text: [WHOLE_RESULT_CURSORS, declare, { text: `FETCH ${Number(pageSize)} FROM ${CURSOR}` }].map(inlined).join(';\n'), rowMode: 'array' });
  let version: number | null = null;
  await fetchCursorPages(c, CURSOR, pageSize, (rows) => {
    const blocks = rows.filter((r) => r[0] !== null);
    if (blocks.length < rows.length) version = Number(rows.find((r) => r[0] === null)![5]);
    return onPage(blocks.map(toSource));
  }, (results as unknown as pg.QueryResult[])[2]!.rows as string[][]);
  if (version === null) throw new Error('the startup cursor answered no version');
  return version;
}
