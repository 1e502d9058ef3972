// Answers CrowdSec bouncers: a stream pull (every active decision at startup, or the delta since the bouncer's version)
// written page by page into a stream, and single-address lookups. Records a pull before the answer's last byte, and never
// when reading the answer failed.

import type { Writable } from 'node:stream';
import type pg from 'pg';
import { GENERIC_PLANS, sendWithCommit, withTenant } from '../db/pools.ts';
import { lookupActiveBlocks, readActiveIpBlocks, recordPullStatement, touchedBlocksForBouncer, type BouncerIdentity } from './bouncer-queries.ts';
import { delta, matches, toDecision, type Decision, type DecisionFilter, type DecisionSource } from './crowdsec-decisions.ts';
import { put } from './stream-limits.ts';

export interface BouncerServiceDeps {
  app: pg.Pool;
  clock: () => Date;
  /** Active blocks read and written per page of a startup answer: memory stays one page whatever the list size. */
  pageSize: number;
  onPull?: (kind: 'startup' | 'delta') => void;
}

/**
 * Opens the answer's body just before its first byte (until then a failure can still be answered with a status and a
 * message); `large` says whether compressing it is worth its cost (a startup answer, not a delta).
 */
export type OpenAnswer = (large: boolean) => Writable;

interface AnswerWriter {
  deleted(ds: Decision[]): Promise<void>;
  added(ds: Decision[]): Promise<void>;
  end(): Promise<void>;
}

/** `{"deleted": … ,"new": …}` written piece by piece; an empty list is the JSON literal null, as the CrowdSec LAPI writes it. */
function answerWriter(open: OpenAnswer, large: boolean): AnswerWriter {
  let out: Writable | null = null;
  let opened = false;
  const write = (chunk: string) => put(out ??= open(large), chunk);
  return {
    deleted: (ds: Decision[]) => write(`{"deleted":${ds.length ? JSON.stringify(ds) : 'null'},"new":`),
    async added(ds: Decision[]): Promise<void> {
      if (!ds.length) return;
      const items = JSON.stringify(ds);
      await write((opened ? ',' : '[') + items.slice(1, -1));
      opened = true;
    },
    end: () => write(opened ? ']}' : 'null}'),
  };
}

export function createBouncerService(deps: BouncerServiceDeps) {
  const { app, clock } = deps;
  const decisions = (sources: DecisionSource[], filter: DecisionFilter): Decision[] => {
    const nowMs = clock().getTime();
    return sources.map((s) => toDecision(s, nowMs)).filter((d) => matches(d, filter));
  };

  /**
   * Writes every IP block in force, from one snapshot, as the answer; nothing deleted (the bouncer holds nothing it could
   * delete). Answers the version it reflects. Runs in the pull's transaction.
   */
  async function startup(c: pg.PoolClient, tenantId: string, filter: DecisionFilter, w: AnswerWriter): Promise<number> {
    // Written with the first page: a database that cannot be read is still answered with a status (503), not a cut answer.
    let head: Promise<void> | null = null;
    const version = await readActiveIpBlocks(c, tenantId, clock(), deps.pageSize, async (page) => {
      await (head ??= w.deleted([]));
      await w.added(decisions(page, filter));
    });
    await (head ??= w.deleted([]));
    return version;
  }

  return {
    /**
     * Answers `GET /v1/decisions/stream` into the body `open` gives just before the first byte, and records the pull
     * (with the transaction's COMMIT, before the answer's last byte). A bouncer that has never pulled, or whose version
     * is ahead of the feed (the database was replaced), gets the startup answer: it may hold nothing, and a delta would
     * miss what it lacks.
     */
    async pull(bouncer: BouncerIdentity, wantsStartup: boolean, filter: DecisionFilter, open: OpenAnswer): Promise<void> {
      // Opens the body only when it writes, so making it costs a delta nothing.
      const startupAnswer = answerWriter(open, true);
      const answer = await withTenant(app, bouncer.tenantId, async (c) => {
        const page = wantsStartup ? null : await touchedBlocksForBouncer(c, bouncer);
        if (page !== null && page.version >= page.since) {
          sendWithCommit(c, recordPullStatement(bouncer, page.version, clock()));
          return delta(page.touched, clock().getTime());
        }
        const version = await startup(c, bouncer.tenantId, filter, startupAnswer);
        sendWithCommit(c, recordPullStatement(bouncer, version, clock()));
        return null;
      }, [GENERIC_PLANS]);
      if (answer === null) {
        await startupAnswer.end();
        deps.onPull?.('startup');
        return;
      }
      const w = answerWriter(open, false);
      await w.deleted(decisions(answer.deleted, filter));
      await w.added(decisions(answer.added, filter));
      await w.end();
      deps.onPull?.('delta');
    },

    /** Answers `GET /v1/decisions`: the active decisions covering (or exactly naming) a prefix; null when none. */
    async lookup(tenantId: string, prefix: string, match: 'covering' | 'exact', filter: DecisionFilter): Promise<Decision[] | null> {
      const found = await withTenant(app, tenantId, (c) => lookupActiveBlocks(c, tenantId, prefix, match, clock()), [GENERIC_PLANS]);
      const ds = decisions(found, filter);
      return ds.length ? ds : null;
    },
  };
}

export type BouncerService = ReturnType<typeof createBouncerService>;
