// Several statements in one round trip: one simple-query message whose values are inlined as escaped SQL literals.
// Only for this codebase's constant statement texts (no `$n` but placeholders), never for SQL text from outside.

import pg from 'pg';

/** A statement's constant text with `$n` placeholders, and its values. */
export interface Statement {
  text: string;
  values?: readonly InlineValue[];
}

/**
 * What may be inlined: text is quoted as pg.escapeLiteral quotes it, finite numbers are written as numbers, an array as
 * the quoted text of an array value, as the driver binds one (its placeholder carries the cast: `$2::text[]`). One
 * literal, not ARRAY[…]: PostgreSQL reads it with array_in instead of parsing an expression per element.
 */
export type InlineValue = string | number | boolean | null | readonly (string | number | null)[];

const PLACEHOLDER = /\$(\d+)/g;

/** The statement with each `$n` replaced by its value as an SQL literal (casts stay in the text: `$2::jsonb`). */
export function inlined(s: Statement): string {
  return s.text.replace(PLACEHOLDER, (_, n: string) => literal(s.values?.[Number(n) - 1]));
}

function literal(v: InlineValue | undefined): string {
  if (v === undefined) throw new Error('a placeholder has no value');
  if (v === null) return 'NULL';
  if (Array.isArray(v)) return literal(arrayText(v));
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const text = String(v);
  // A NUL would end the message's text early; PostgreSQL refuses it in a bound value too, with this SQLSTATE.
  if (text.includes('\0')) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
  return quoted(text);
}

/**
 * An array value's text as PostgreSQL reads it: each element double-quoted (quotes and backslashes escaped, when it has
 * any), NULL bare. Also a bound parameter's value for a `$n::type[]` placeholder: the driver's own builds it a piece at
 * a time with two replacements per element (its array parameters were a fifth of what the correlation hub allocated).
 */
export function arrayText(v: readonly (string | number | null)[]): string {
  const element = (e: string | number | null) => {
    if (e === null) return 'NULL';
    const text = String(e);
    return `"${ARRAY_SPECIALS.test(text) ? text.replace(/["\\]/g, '\\$&') : text}"`;
  };
  return `{${v.map(element).join(',')}}`;
}

const ARRAY_SPECIALS = /["\\]/;

/**
 * The literal pg.escapeLiteral writes (quotes doubled; with a backslash, doubled backslashes in an E'' string, so the
 * value reads back alike whatever standard_conforming_strings says), built by two native replacements. The driver's
 * own adds one character at a time: a signal's JSON cost the group write ~10 KB of garbage a request.
 */
function quoted(text: string): string {
  const body = text.includes("'") ? text.replaceAll("'", "''") : text;
  return text.includes('\\') ? ` E'${body.replaceAll('\\', '\\\\')}'` : `'${body}'`;
}

/**
 * Sends the statements as one message and answers each one's result, in order. Without a BEGIN among them they run as
 * one implicit transaction (SET LOCAL and set_config(…, true) hold until the message's end); with a BEGIN first, the
 * transaction stays open after the message for the caller to end.
 */
export async function queryInOneTrip(client: Pick<pg.ClientBase, 'query'>, statements: Statement[]): Promise<pg.QueryResult[]> {
  const res = (await client.query(statements.map(inlined).join(';\n'))) as pg.QueryResult | pg.QueryResult[];
  return Array.isArray(res) ? res : [res];
}
