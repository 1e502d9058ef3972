// Parsing of the CLI's own argument values (durations, counts, subjects, times) into what the API takes.
// A bad value is a UsageError (exit 2) naming the flag and an example; nothing is sent to the hub before that.

import { readFile } from 'node:fs/promises';
import { UsageError } from './hub-client.ts';

/** `3600`, `90s`, `30m`, `12h`, `7d` → seconds. */
export function parseTtl(text: string, flag = '--ttl'): number {
  const m = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new UsageError(`${flag} must be seconds or a duration like 30m, 12h, 7d; got "${text}"`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
}

/** A whole number from `min` to `max` (an empty value is none, not 0). */
function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}; got "${text}"`);
  return n;
}

/** A whole number from 1 to `max`. */
export const positiveInt = (text: string, flag: string, max = Number.MAX_SAFE_INTEGER) => wholeNumber(text, flag, 1, max);

/** A whole number from 0 to `max` (a version, a count that may be zero). */
export const nonNegativeInt = (text: string, flag: string, max = Number.MAX_SAFE_INTEGER) => wholeNumber(text, flag, 0, max);

/** `host/web-01` → its type and id; the id may hold slashes (only the first one splits). */
export function parseSubject(text: string, flag = '--subject'): { type: string; id: string } {
  const at = text.indexOf('/');
  if (at < 1 || at === text.length - 1) throw new UsageError(`${flag} must be <type>/<id>, e.g. host/web-01; got "${text}"`);
  return { type: text.slice(0, at), id: text.slice(at + 1) };
}

/** An RFC 3339 time, or a duration back from now (`1h` → an hour ago), as RFC 3339. */
export function parseSince(text: string, flag: string, now: Date = new Date()): string {
  if (/^\d+\s*[smhd]$/.test(text.trim())) return new Date(now.getTime() - parseTtl(text, flag) * 1000).toISOString();
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`${flag} must be an RFC 3339 time or a duration back from now like 1h, 7d; got "${text}"`);
  return text;
}

/** Reads standard input whole (a file argument of `-`). */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A YAML or JSON file (JSON is YAML) holding one mapping, e.g. a policy overrides document; `-` reads stdin. */
export async function readDocument(file: string): Promise<Record<string, unknown>> {
  let doc: unknown;
  try {
    const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
    // Loaded here, by the commands that read a document: every other command starts without it.
    doc = (await import('yaml')).default.parse(text);
  } catch (err) {
    throw new UsageError(`${file} is not readable YAML or JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${file} must hold a mapping (key: value lines), not a list or a scalar`);
  return doc as Record<string, unknown>;
}
