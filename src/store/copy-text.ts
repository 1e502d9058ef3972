// Signals as COPY's text format, written field by field straight into Buffers: no string is built for a row.
// Pure: encodes what it is given; the statement that sends it lives in signal-queries.ts.

import type { ValidSignal } from '../core/types.ts';

// The text format: tab-separated, \N for null, and a backslash escapes itself, tab, newline and carriage return.
// JSON text never holds a raw tab or newline, so it needs no change unless it has a backslash.
const TEXT_SPECIALS = /[\t\n\r\\]/g;
const TEXT_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };
const text = (s: string) => (s.search(TEXT_SPECIALS) === -1 ? s : s.replace(TEXT_SPECIALS, (c) => TEXT_ESCAPES[c]!));
const textOrNull = (v: string | number | null) => (v === null ? '\\N' : typeof v === 'number' ? String(v) : text(v));
const jsonText = (v: unknown) => {
  const json = JSON.stringify(v);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
};

const TAB = 9;
const NEWLINE = 10;
/** Bytes of one Buffer of COPY data: a thousand sensor rows fill about two. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The rows of `signals` in the column order `[lead,] SIGNAL_INPUT_COLUMNS[, ord]`, as Buffers of whole lines: `lead`
 * (the tenant, for a COPY straight into signal_streams) opens every line, and `withOrd` ends it with the signal's
 * position. A row's fields go straight into the Buffer: the former row strings, flattened and then encoded again,
 * were a third of the garbage the hub made per sensor signal.
 */
export function signalCopyChunks(signals: readonly ValidSignal[], lead: string | null, withOrd: boolean): Buffer[] {
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = 0;
  const put = (field: string, end: number) => {
    at += buf.write(field, at);
    buf[at++] = end;
  };
  signals.forEach((s, ord) => {
    const fields = [text(s.source), text(s.subjectType), text(s.subjectId), text(s.key), jsonText(s.value),
      textOrNull(s.severity), text(s.observedAt), textOrNull(s.ttlSeconds), textOrNull(s.signalId)];
    const ordText = withOrd ? String(ord) : null;
    // UTF-8 takes at most three bytes for each UTF-16 unit; one byte more a field for its tab or newline.
    let most = (lead?.length ?? 0) + (ordText?.length ?? 0) + 11;
    for (const f of fields) most += f.length;
    if (at + most * 3 > buf.length) {
      if (at > 0) chunks.push(buf.subarray(0, at));
      buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, most * 3));
      at = 0;
    }
    if (lead !== null) put(lead, TAB);
    for (let i = 0; i < fields.length - 1; i++) put(fields[i]!, TAB);
    put(fields[fields.length - 1]!, ordText === null ? NEWLINE : TAB);
    if (ordText !== null) put(ordText, NEWLINE);
  });
  if (at > 0) chunks.push(buf.subarray(0, at));
  return chunks;
}
