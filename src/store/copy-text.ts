// Signals as COPY's text format, each line encoded straight into a Buffer as it is made.
// Pure: encodes what it is given; the statement that sends it lives in signal-queries.ts.

import type { ValidSignal } from '../core/types.ts';

// The text format: tab-separated, \N for null, and a backslash escapes itself, tab, newline and carriage return.
// JSON text never holds a raw tab or newline, so it needs no change unless it has a backslash.
const TEXT_SPECIALS = /[\t\n\r\\]/g;
const TEXT_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\\': '\\\\' };
const text = (s: string) => (s.search(TEXT_SPECIALS) === -1 ? s : s.replace(TEXT_SPECIALS, (c) => TEXT_ESCAPES[c]!));
const orNull = (v: string | number | null) => (v === null ? '\\N' : v);
const jsonText = (v: unknown) => {
  const json = JSON.stringify(v);
  return json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
};

/** Bytes of one Buffer of COPY data: a thousand sensor rows fill about two. */
const CHUNK_BYTES = 256 * 1024;

/**
 * The `used` bytes of `buf`, copied into a Buffer of their own when they fill less than half of it: COPY data may be
 * held until its flush (a sensor message's, one a message), and one row must not keep a whole chunk alive.
 */
const usedPart = (buf: Buffer, used: number) => (used < buf.length / 2 ? Buffer.from(buf.subarray(0, used)) : buf.subarray(0, used));

/**
 * The rows of `signals` in the column order `[lead,] SIGNAL_INPUT_COLUMNS[, ord]`, as Buffers of whole lines: `lead`
 * (the tenant, for a COPY straight into signal_streams) opens every line, and `withOrd` ends it with the signal's
 * position. Each line is encoded into the Buffer as it is made: the former lines, joined into strings of 500 and then
 * encoded, were a third of the garbage the hub made per sensor signal.
 */
export function signalCopyChunks(signals: readonly ValidSignal[], lead: string | null, withOrd: boolean): Buffer[] {
  const chunks: Buffer[] = [];
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = 0;
  const head = lead === null ? '' : `${lead}\t`;
  signals.forEach((s, ord) => {
    // Only subject_id and the value may hold a special character: the wire rules of the other fields (snake_case and
    // dotted names, an RFC 3339 time, a severity, a number, a UUID) admit none (test/copy-text.test.ts holds them to it).
    const line = `${head}${s.source}\t${s.subjectType}\t${text(s.subjectId)}\t${s.key}\t${jsonText(s.value)}\t${
      orNull(s.severity)}\t${s.observedAt}\t${orNull(s.ttlSeconds)}\t${orNull(s.signalId)}${withOrd ? `\t${ord}` : ''}\n`;
    // UTF-8 takes at most three bytes for each UTF-16 unit.
    if (at + line.length * 3 > buf.length) {
      if (at > 0) chunks.push(usedPart(buf, at));
      buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3));
      at = 0;
    }
    at += buf.write(line, at);
  });
  if (at > 0) chunks.push(usedPart(buf, at));
  return chunks;
}
