// Parses a blocks import file: one indicator a line, or CSV with a header naming `indicator` and any of `block_type`,
// `ttl_seconds`, `reason`, `severity`. Pure; a malformed file is an error naming its line, so nothing of it is applied.

import { InvalidRequestError, PayloadTooLargeError } from '../core/errors.ts';
import { BLOCK_TYPES, SEVERITIES, type BlockType, type Severity } from '../core/types.ts';
import { textFault, textFaultMessage } from '../core/text.ts';
import type { ManualBlock } from './manual-blocks.ts';

/** One block asked for by one line of the file (`line` counts from 1, as an editor does). */
export interface ImportLine extends ManualBlock {
  line: number;
}

export interface ImportDefaults {
  blockType: BlockType;
  ttlSeconds?: number;
  reason?: string;
}

const COLUMNS = ['indicator', 'block_type', 'ttl_seconds', 'reason', 'severity'] as const;
type Column = (typeof COLUMNS)[number];
const MAX_REASON = 512;
const TTL_MAX = 31_536_000;

/** The lines of `text` as blocks; blank lines and lines starting with `#` are skipped. Throws 400 (the line) or 413 (too many lines). */
export function parseImport(text: string, defaults: ImportDefaults, maxLines: number): ImportLine[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const numbered = lines.map((raw, i) => ({ raw, line: i + 1 })).filter(({ raw }) => raw.trim() !== '' && !raw.trimStart().startsWith('#'));
  const header = numbered[0] && /^\s*"?indicator"?\s*(,|$)/i.test(numbered[0].raw) ? numbered.shift()! : null;
  if (numbered.length > maxLines) {
    throw new PayloadTooLargeError(`the file has ${numbered.length} indicator lines; at most ${maxLines} are taken at once (QUORUM_BLOCK_IMPORT_MAX_LINES)`);
  }
  for (const { raw, line } of header ? [header, ...numbered] : numbered) {
    const fault = textFault(raw);
    if (fault) throw malformed(line, textFaultMessage(fault));
  }
  if (!header) return numbered.map(({ raw, line }) => toBlock(line, { indicator: raw.trim() }, defaults));
  const columns = headerColumns(header.raw, header.line);
  return numbered.map(({ raw, line }) => {
    const fields = csvFields(raw, line);
    if (fields.length !== columns.length) throw malformed(line, `has ${fields.length} fields; the header names ${columns.length}`);
    return toBlock(line, Object.fromEntries(columns.map((c, i) => [c, fields[i]!])), defaults);
  });
}

function headerColumns(raw: string, line: number): Column[] {
  const names = csvFields(raw, line).map((f) => f.trim().toLowerCase());
  for (const n of names) {
    if (!(COLUMNS as readonly string[]).includes(n)) throw malformed(line, `names the unknown column "${n.slice(0, 40)}" (known: ${COLUMNS.join(', ')})`);
  }
  if (new Set(names).size !== names.length) throw malformed(line, 'names a column twice');
  return names as Column[];
}

/** The fields of one CSV record (RFC 4180 quoting: "a ""quoted"", field"); a record never spans lines here. */
function csvFields(raw: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (raw[i] === '"') {
      const close = /^"((?:[^"]|"")*)"/.exec(raw.slice(i));
      if (!close) throw malformed(line, 'has a quoted field that does not end on this line');
      field = close[1]!.replaceAll('""', '"');
      i += close[0].length;
      if (i < raw.length && raw[i] !== ',') throw malformed(line, 'has text after a closing quote');
    } else {
      const end = raw.indexOf(',', i);
      field = raw.slice(i, end < 0 ? raw.length : end);
      if (field.includes('"')) throw malformed(line, 'has a quote inside an unquoted field');
      i += field.length;
    }
    fields.push(field);
    if (i >= raw.length) return fields;
    i++; // the comma
  }
}

function toBlock(line: number, f: Partial<Record<Column, string>>, d: ImportDefaults): ImportLine {
  const indicator = (f.indicator ?? '').trim();
  if (!indicator) throw malformed(line, 'has no indicator');
  const blockType = f.block_type?.trim() ? f.block_type.trim().toUpperCase() : d.blockType;
  if (!(BLOCK_TYPES as readonly string[]).includes(blockType)) throw malformed(line, `has the unknown block_type "${blockType.slice(0, 40)}" (known: ${BLOCK_TYPES.join(', ')})`);
  const ttlText = f.ttl_seconds?.trim() || (d.ttlSeconds === undefined ? '' : String(d.ttlSeconds));
  if (!ttlText) throw malformed(line, 'has no ttl_seconds and the request gives no default (?ttl_seconds=)');
  const ttlSeconds = Number(ttlText);
  if (!/^\d{1,8}$/.test(ttlText) || ttlSeconds < 1 || ttlSeconds > TTL_MAX) throw malformed(line, `has ttl_seconds "${ttlText.slice(0, 20)}"; it must be an integer 1–${TTL_MAX}`);
  const reason = f.reason?.trim() || d.reason;
  if (reason !== undefined && reason.length > MAX_REASON) throw malformed(line, `has a reason longer than ${MAX_REASON} characters`);
  const severity = f.severity?.trim().toLowerCase() || null;
  if (severity !== null && !(SEVERITIES as readonly string[]).includes(severity)) throw malformed(line, `has the unknown severity "${severity.slice(0, 20)}"`);
  return { line, indicator, blockType: blockType as BlockType, ttlSeconds, reason, severity: severity as Severity | null };
}

function malformed(line: number, what: string): InvalidRequestError {
  return new InvalidRequestError(`line ${line} ${what}; nothing was imported`, { field: 'body', line });
}
