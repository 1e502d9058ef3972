// Opaque page cursors for lists ordered by (timestamp, id) newest first: signals, groups and mitigations.
// A cursor this API did not hand out is a 400, never a silent first page.

import { InvalidRequestError } from '../errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids of signal_streams rows (bigint). */
export const BIGINT_ID = /^\d+$/;

export function encodeCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** The (timestamp, id) a cursor stands for; `idPattern` is the list's id shape (UUID unless said otherwise). */
export function decodeCursor(cursor: string, idPattern: RegExp = UUID): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [string, string];
    if (typeof at !== 'string' || typeof id !== 'string' || !idPattern.test(id)) throw new Error('shape');
    return { at, id };
  } catch {
    throw new InvalidRequestError('cursor is not one this API returned', { field: 'cursor' });
  }
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
