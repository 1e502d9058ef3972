// Answers that stream from one database snapshot while their client reads (blocklist exports, CrowdSec startup
// answers): written with backpressure, so many at once per hub and per tenant, each cut when not taken whole in time.

import type { Writable } from 'node:stream';
import { TooManyRequestsError } from '../core/errors.ts';
import type { Metrics } from '../metrics.ts';

/** What a busy hub tells a caller to wait: an answer of 100,000 blocks streams in about a second. */
const RETRY_AFTER_SECONDS = 2;

/** The client went away mid-answer (or its time was up): the reader stops, and nothing is recorded of the answer. */
export class ClientGoneError extends Error {
  constructor() { super('the client closed the connection before the answer was written'); }
}

/** Writes one chunk, waiting while the client (or gzip) is behind: a slow client slows the read, never fills memory. */
export async function put(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new ClientGoneError();
  if (!out.write(chunk)) {
    await new Promise<void>((resolve) => {
      const done = () => { out.off('drain', done); out.off('close', done); resolve(); };
      out.on('drain', done);
      out.on('close', done);
    });
    if (out.destroyed) throw new ClientGoneError();
  }
}

/** The answers limited: a blocklist export, a CrowdSec bouncer's startup answer. */
export type StreamedAnswer = 'export' | 'crowdsec_startup';

/** One answer's place among those streaming; released once the answer has ended, however it ended. */
export interface StreamSlot {
  /** True once its time was up and its body was destroyed. */
  readonly timedOut: boolean;
  release(): void;
}

export interface StreamLimits {
  /**
   * A slot for a tenant's answer about to stream into `body`, or a 429 `streams_busy` when every slot of the hub, or
   * the tenant's share of them, is taken. The body is destroyed when the slot is not released within the time limit:
   * the client sees the answer cut short.
   */
  open(answer: StreamedAnswer, tenantId: string, body: Writable): StreamSlot;
}

export interface StreamLimitsDeps {
  /** Answers streaming at once on this hub (QUORUM_BLOCKLIST_STREAMS). */
  concurrency: number;
  /** Answers of one tenant streaming at once on this hub (QUORUM_BLOCKLIST_STREAMS_PER_TENANT): one tenant's stalled clients leave the others room. */
  perTenant: number;
  /** An answer not taken whole within this long is cut (QUORUM_BLOCKLIST_STREAM_TIMEOUT_MS). */
  timeoutMs: number;
  metrics: Pick<Metrics, 'blocklistStreamsLimited'>;
}

export function createStreamLimits(deps: StreamLimitsDeps): StreamLimits {
  let streaming = 0;
  const byTenant = new Map<string, number>();
  const refuse = (answer: StreamedAnswer, reason: 'busy' | 'tenant_busy', why: string): never => {
    deps.metrics.blocklistStreamsLimited.inc({ answer, reason });
    throw new TooManyRequestsError(RETRY_AFTER_SECONDS, `${why}; try again later`, 'streams_busy');
  };
  return {
    open(answer, tenantId, body) {
      const tenantStreaming = byTenant.get(tenantId) ?? 0;
      if (streaming >= deps.concurrency) refuse(answer, 'busy', `${streaming} blocklist answer(s) already streaming on this hub (QUORUM_BLOCKLIST_STREAMS=${deps.concurrency})`);
      if (tenantStreaming >= deps.perTenant) {
        refuse(answer, 'tenant_busy', `${tenantStreaming} blocklist answer(s) of this tenant already streaming on this hub (QUORUM_BLOCKLIST_STREAMS_PER_TENANT=${deps.perTenant})`);
      }
      streaming += 1;
      byTenant.set(tenantId, tenantStreaming + 1);
      let released = false;
      const slot = {
        timedOut: false,
        release() {
          if (released) return;
          released = true;
          clearTimeout(limit);
          streaming -= 1;
          const left = byTenant.get(tenantId)! - 1;
          if (left === 0) byTenant.delete(tenantId);
          else byTenant.set(tenantId, left);
        },
      };
      const limit = setTimeout(() => {
        slot.timedOut = true;
        deps.metrics.blocklistStreamsLimited.inc({ answer, reason: 'timed_out' });
        body.destroy();
      }, deps.timeoutMs);
      return slot;
    },
  };
}
