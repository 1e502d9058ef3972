// Opaque page cursors for lists ordered by (timestamp, id): signals, groups, mitigations (newest first), tenants.
// A cursor this API did not hand out is a 400, never a silent first page.

import { InvalidCursorError } from './errors.ts';
import { parseTimestamp } from './timestamp.ts';
import { isUuid } from './uuid.ts';

const INT8_MAX = 9223372036854775807n;

/** The id shape of a list: UUID rows, or signal_streams' bigint ids (which must fit int8). */
export type CursorIdKind = 'uuid' | 'bigint';

function idValid(id: string, kind: CursorIdKind): boolean {
  if (kind === 'uuid') return isUuid(id);
  return /^\d{1,19}$/.test(id) && BigInt(id) <= INT8_MAX;
}

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/**
 * The (timestamp, id) a cursor stands for. Everything decoded is checked here (timestamp rule, id shape and range),
 * so a forged cursor is a 400 invalid_cursor and never reaches PostgreSQL.
 */
export function decodeCursor(cursor: string, kind: CursorIdKind = 'uuid'): { at: string; id: string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw new InvalidCursorError();
  const [at, id] = decoded as unknown[];
  if (typeof at !== 'string' || parseTimestamp(at) === null) throw new InvalidCursorError('cursor does not hold a valid timestamp; it is not one this API returned');
  if (typeof id !== 'string' || !idValid(id, kind)) throw new InvalidCursorError('cursor does not hold a valid id; it is not one this API returned');
  return { at, id };
}

/** Splits an over-fetched page (limit + 1 rows) into the page and the cursor of its last row. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => string): { page: T[]; next: string | null } {
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page[page.length - 1] : undefined;
  return { page, next: last ? encodeCursor(at(last), last.id) : null };
}

export const listQueryProps = {
  since: { type: 'string', format: 'date-time' }, until: { type: 'string', format: 'date-time' }, cursor: { type: 'string' },
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
} as const;
