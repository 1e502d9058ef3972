// The typed errors Quorum throws; each carries a stable code and an HTTP status.
// Mapping them to responses happens once, in src/http/problem.ts; never put SQL or stacks in a message.

/** One rule broken by one field of one signal. */
export interface FieldViolation {
  index?: number;
  field: string;
  rule: string;
  message: string;
}

export class QuorumError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'QuorumError';
  }
}

/** One or more signals break the wire format; nothing of the request was stored. */
export class InvalidSignalError extends QuorumError {
  constructor(readonly errors: FieldViolation[]) {
    const first = errors[0];
    const where = first?.index === undefined ? '' : `signal ${first.index}: `;
    super('invalid_signal', 400, `${where}${first?.field} ${first?.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, { errors });
  }
}

export class InvalidRequestError extends QuorumError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid_request', 400, message, details);
  }
}

export class UnauthenticatedError extends QuorumError {
  constructor(message = 'missing or invalid API key') {
    super('unauthenticated', 401, message);
  }
}

export class ForbiddenError extends QuorumError {
  constructor(message: string, code = 'forbidden', details: Record<string, unknown> = {}) {
    super(code, 403, message, details);
  }
}

export class NotFoundError extends QuorumError {
  constructor(message: string) {
    super('not_found', 404, message);
  }
}

export class ConflictError extends QuorumError {
  constructor(message: string) {
    super('conflict', 409, message);
  }
}

export class PayloadTooLargeError extends QuorumError {
  constructor(message: string) {
    super('payload_too_large', 413, message);
  }
}

/** The hub's signal queue is full: nothing of the message was taken; send it again after `retryAfterMs`. */
export class BackpressureError extends QuorumError {
  constructor(readonly retryAfterMs: number, message = 'the signal queue is full; retry later') {
    super('backpressure', 503, message, { retryAfterMs });
  }
}

/** Too many requests for a key or a hub-wide limit; retry after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequestsError extends QuorumError {
  constructor(readonly retryAfterSeconds: number, message: string, code = 'rate_limited') {
    super(code, 429, message, { retryAfterSeconds });
  }
}

/** PostgreSQL is unreachable or dropped the connection: nothing was stored; retry after `retryAfterSeconds`. */
export class DatabaseUnavailableError extends QuorumError {
  constructor(readonly retryAfterSeconds = 1, message = 'the database is unavailable; nothing was stored, retry later') {
    super('database_unavailable', 503, message, { retryAfterSeconds });
  }
}

/** A page cursor that this API did not hand out, or whose content is not a valid position. */
export class InvalidCursorError extends QuorumError {
  constructor(message = 'cursor is not one this API returned') {
    super('invalid_cursor', 400, message, { field: 'cursor' });
  }
}
