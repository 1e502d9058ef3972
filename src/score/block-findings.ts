// Active blocks held against a subject as Trust Score findings: an IP/CIDR block covering an `ip` subject, a
// FINGERPRINT, ASN or USER_AGENT block equal to a subject of that type. Reads blocks only; the decider writes them.

import type pg from 'pg';
import type { Statement } from '../db/one-trip.ts';
import { normalizeIndicator } from '../core/block-indicator.ts';
import { contains, parseCidr, type Cidr } from '../core/cidr.ts';
import type { BlockType } from '../core/types.ts';
import { listActiveBlocks, type ActiveBlock } from '../distribute/active-blocks.ts';
import type { Finding } from './formula.ts';

type Client = Pick<pg.PoolClient, 'query'>;

/** The subject type each block type is held against. */
const SUBJECT_TYPE_OF: Record<BlockType, string> = { IP: 'ip', FINGERPRINT: 'fingerprint', ASN: 'asn', USER_AGENT: 'user_agent' };
// A Map, not an object: a subject type such as `constructor` must not find an inherited property.
const BLOCK_TYPE_OF = new Map(Object.entries(SUBJECT_TYPE_OF).map(([b, s]) => [s, b as BlockType]));
/** Active blocks read per page when indexing a whole tenant's. */
const PAGE_SIZE = 5000;

type BlockRow = Pick<ActiveBlock, 'mitigation_id' | 'block_type' | 'indicator' | 'severity' | 'created_at'>;

/** A block as a finding: it counts in threat_exposure (formula.ts); its key names the block type. */
export function blockFinding(b: BlockRow): Finding {
  return {
    kind: 'block', id: b.mitigation_id, source: 'quorum', signal_key: `block.${b.block_type.toLowerCase()}`, severity: b.severity, value: null,
    // The pools parse timestamptz to RFC 3339 text with microseconds (db/pools.ts); a Date would drop them.
    observed_at: typeof b.created_at === 'string' ? b.created_at : b.created_at.toISOString(),
  };
}

/** The subject as the indicator a block of its type would carry (`10.0.0.5/32`, `AS64500`), or null when it is none. */
function subjectIndicator(subjectType: string, subjectId: string): { type: BlockType; value: string } | null {
  const type = BLOCK_TYPE_OF.get(subjectType);
  if (!type) return null;
  const n = normalizeIndicator(type, subjectId);
  return n.ok ? { type, value: n.value } : null;
}

/**
 * The statement that reads the blocks active at `now` against one subject, for a caller that sends several at once; a
 * subject that is no indicator (a host, say) gets one that finds nothing.
 */
export function blocksAgainstSubjectStatement(tenantId: string, subjectType: string, subjectId: string, now: Date): Statement {
  const indicator = subjectIndicator(subjectType, subjectId);
  const isIp = indicator?.type === 'IP';
  // Two typed parameters, not one text cast by type: a non-IP value must never reach an inet cast.
  return {
    text: `SELECT id AS mitigation_id, block_type, coalesce(indicator::text, indicator_value) AS indicator, severity, created_at
     FROM mitigations
     WHERE tenant_id = $1 AND status = 'active' AND expires_at > $2
       AND ((block_type = 'IP' AND indicator >>= $3::inet) OR (block_type = $4 AND indicator_value = $5))
     ORDER BY id`,
    values: [tenantId, now.toISOString(), isIp ? indicator!.value : null, indicator && !isIp ? indicator.type : null, indicator && !isIp ? indicator.value : null],
  };
}

export const blockFindingsFrom = (res: pg.QueryResult): Finding[] => (res.rows as BlockRow[]).map(blockFinding);

/** A tenant's active blocks indexed by what they are held against, for scoring every subject of the tenant. */
export interface BlockIndex {
  against(subjectType: string, subjectId: string): Finding[];
}

/** Reads the tenant's blocks active at `now` page by page into an index (host blocks by address, wider prefixes listed). */
export async function indexActiveBlocks(c: Client, tenantId: string, now: Date): Promise<BlockIndex> {
  const exact = new Map<string, Finding[]>();
  const prefixes: { cidr: Cidr; finding: Finding }[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listActiveBlocks(c, tenantId, now, PAGE_SIZE, after);
    for (const b of page) {
      const cidr = b.block_type === 'IP' ? parseCidr(b.indicator) : null;
      const isHost = cidr !== null && cidr.prefix === (cidr.version === 4 ? 32 : 128);
      if (cidr && !isHost) prefixes.push({ cidr, finding: blockFinding(b) });
      else exact.set(`${b.block_type} ${b.indicator}`, [...(exact.get(`${b.block_type} ${b.indicator}`) ?? []), blockFinding(b)]);
    }
    if (page.length < PAGE_SIZE) break;
    after = page[page.length - 1]!.mitigation_id;
  }
  return {
    against(subjectType, subjectId) {
      const indicator = subjectIndicator(subjectType, subjectId);
      if (!indicator) return [];
      const found = [...(exact.get(`${indicator.type} ${indicator.value}`) ?? [])];
      if (indicator.type === 'IP' && prefixes.length) {
        const host = parseCidr(indicator.value)!;
        for (const p of prefixes) if (contains(p.cidr, host)) found.push(p.finding);
      }
      return found;
    },
  };
}
