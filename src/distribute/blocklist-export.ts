// The plain export formats of a tenant's blocklist (text, csv, json, nftables, ipset), written page by page so an export
// of any size streams in flat memory. Pure text building; firewall formats carry IP blocks only and load as written.

import { parseCidr } from '../core/cidr.ts';
import type { ActiveBlock } from './active-blocks.ts';

export const EXPORT_FORMATS = ['text', 'csv', 'nftables', 'ipset', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  text: 'text/plain; charset=utf-8', csv: 'text/csv; charset=utf-8', nftables: 'text/plain; charset=utf-8',
  ipset: 'text/plain; charset=utf-8', json: 'application/json; charset=utf-8',
};

/** What the export reflects: the tenant's block-feed version, how many blocks are in force, when it was read. */
export interface ExportMeta {
  version: number;
  count: number;
  at: Date;
}

/** nftables: one table with an interval set per family (auto-merge: a /24 and an address inside it may both be blocked). */
export const NFT_TABLE = 'inet quorum';
export const NFT_SETS = { 4: 'blocklist_v4', 6: 'blocklist_v6' } as const;
/** ipset: the live sets, and the ones each load fills before swapping them in (one atomic switch per family). */
export const IPSET_SETS = { 4: 'quorum-v4', 6: 'quorum-v6' } as const;
// A fixed ceiling (above the 10,000,000 active blocks a tenant may have): `create -exist` refuses different options.
const IPSET_MAXELEM = 16_777_216;
const IPSET_FAMILY = { 4: 'inet', 6: 'inet6' } as const;

export interface ExportWriter {
  head(meta: ExportMeta): string;
  page(blocks: ActiveBlock[]): string;
  tail(): string;
}

const comment = (meta: ExportMeta) =>
  `# Quorum blocklist: ${meta.count} blocks in force at ${meta.at.toISOString()}, block-feed version ${meta.version}\n`;
const endComment = '# end of the Quorum blocklist\n';

/** The writer of one export; `json` keeps one bit of state (whether a block was written, for the commas). */
export function exportWriter(format: ExportFormat): ExportWriter {
  return WRITERS[format]();
}

const WRITERS: Record<ExportFormat, () => ExportWriter> = {
  text: () => ({
    head: comment,
    page: (blocks) => ipBlocks(blocks).map(({ block }) => `${block.indicator}\n`).join(''),
    tail: () => endComment,
  }),
  csv: () => ({
    head: () => 'block_type,indicator,source,severity,expires_at,mitigation_id,reason\n',
    page: (blocks) => blocks.map((b) => [b.block_type, b.indicator, b.source, b.severity ?? '', iso(b.expires_at), b.mitigation_id, b.reason].map(csvField).join(',') + '\n').join(''),
    tail: () => '',
  }),
  json: () => {
    let first = true;
    return {
      head: (meta) => `{"version":${meta.version},"count":${meta.count},"generated_at":"${meta.at.toISOString()}","blocks":[`,
      page: (blocks) => blocks.map((b) => {
        const text = (first ? '\n' : ',\n') + JSON.stringify(jsonBlock(b));
        first = false;
        return text;
      }).join(''),
      tail: () => '\n]}\n',
    };
  },
  nftables: () => ({
    head: (meta) => comment(meta) + `table ${NFT_TABLE} {\n` +
      `\tset ${NFT_SETS[4]} { type ipv4_addr; flags interval; auto-merge; }\n` +
      `\tset ${NFT_SETS[6]} { type ipv6_addr; flags interval; auto-merge; }\n}\n` +
      `flush set ${NFT_TABLE} ${NFT_SETS[4]}\nflush set ${NFT_TABLE} ${NFT_SETS[6]}\n`,
    page: (blocks) => ([4, 6] as const).map((v) => {
      const elements = ipBlocks(blocks).filter((b) => b.version === v).map(({ block, full }) => full ? block.indicator.split('/')[0] : block.indicator);
      // nft refuses an empty element list: a page without this family adds no line.
      return elements.length ? `add element ${NFT_TABLE} ${NFT_SETS[v]} { ${elements.join(', ')} }\n` : '';
    }).join(''),
    tail: () => endComment,
  }),
  ipset: () => ({
    head: (meta) => comment(meta) + ([4, 6] as const).map((v) => {
      const options = `hash:net family ${IPSET_FAMILY[v]} maxelem ${IPSET_MAXELEM}`;
      return `create ${IPSET_SETS[v]} ${options} -exist\ncreate ${IPSET_SETS[v]}-next ${options} -exist\nflush ${IPSET_SETS[v]}-next\n`;
    }).join(''),
    page: (blocks) => ipBlocks(blocks).map(({ block, version }) => `add ${IPSET_SETS[version]}-next ${block.indicator} -exist\n`).join(''),
    tail: () => ([4, 6] as const).map((v) => `swap ${IPSET_SETS[v]}-next ${IPSET_SETS[v]}\ndestroy ${IPSET_SETS[v]}-next\n`).join('') + endComment,
  }),
};

/** The IP blocks of a page with their family and whether they are one address (a /32 or /128). */
function ipBlocks(blocks: ActiveBlock[]): { block: ActiveBlock; version: 4 | 6; full: boolean }[] {
  return blocks.flatMap((block) => {
    const c = block.block_type === 'IP' ? parseCidr(block.indicator) : null;
    return c ? [{ block, version: c.version, full: c.prefix === (c.version === 4 ? 32 : 128) }] : [];
  });
}

function jsonBlock(b: ActiveBlock) {
  return {
    mitigation_id: b.mitigation_id, block_type: b.block_type, indicator: b.indicator, source: b.source, severity: b.severity,
    reason: b.reason, created_at: iso(b.created_at), expires_at: iso(b.expires_at),
  };
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
