// The blocklist hash a sensor reports in its heartbeat and the hub compares (drift repair), defined once for both sides.
// Pure; a sensor written in another language computes the same value from the rule in the doc comment below.

import { createHash } from 'node:crypto';

/** What an entry contributes: one `<blockType>|<indicator>` line. */
export const hashLine = (e: { blockType: string; indicator: string }): string => `${e.blockType}|${e.indicator}`;

/**
 * SHA-256, in lower-case hex, of the UTF-8 text made of one line `<blockType>|<indicator>\n` per distinct entry held,
 * the lines sorted by their UTF-8 bytes (so `IP_RANGE|…` sorts before `IP|…`). No entries: SHA-256 of "" (`e3b0c442…b855`).
 */
export function blocklistHash(entries: Iterable<{ blockType: string; indicator: string }>): string {
  const lines = [...new Set(Array.from(entries, hashLine))].map((l) => Buffer.from(`${l}\n`, 'utf8'));
  lines.sort(Buffer.compare);
  const h = createHash('sha256');
  for (const l of lines) h.update(l);
  return h.digest('hex');
}
