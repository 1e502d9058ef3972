// The error catalogue: every code Quorum answers with is defined here once, with its HTTP status, and thrown by name.
// Mapping errors to replies happens once per edge (src/http/problem.ts, the sensor protocol's errorMessage); never put SQL or stacks in a message.

/**
 * Every error code and its HTTP status. The same code is a problem+json `code`, a sensor protocol `error` frame's
 * `code` (upper-cased) and the CLI's `quorum: <code>:` line; a code not listed here cannot be thrown.
 */
export const ERROR_CODES = {
  // The request itself is wrong: sending it again unchanged fails again.
  invalid_signal: 400, invalid_request: 400, invalid_json: 400, invalid_cursor: 400, invalid_argument: 400,
  invalid_config: 400, invalid_correlation_config: 400, check_violation: 400,
  // Sensor protocol frames the hub cannot take (the sensor sees them upper-cased: INVALID_MESSAGE, …).
  invalid_message: 400, unknown_type: 400, batch_too_large: 400, already_authenticated: 400, protocol_version_unsupported: 400,
  unauthenticated: 401, invalid_signature: 401, invalid_credentials: 401,
  forbidden: 403, csrf_failed: 403, invalid_setup_code: 403, tenant_forbidden: 403, scope_forbidden: 403, scope_missing: 403, rate_limit_forbidden: 403,
  identity_verification_failed: 403, agent_binding_missing: 403, agent_policy_violation: 403,
  // Sensor enrolment refusals (the sensor's auth-failed `code`, upper-cased; docs/fleet.md).
  sensor_rejected: 403, sensor_decommissioned: 403, registration_token_required: 403, registration_token_invalid: 403,
  registration_token_expired: 403, registration_token_revoked: 403, registration_token_used_up: 403, sensor_id_reserved: 403,
  not_found: 404,
  // The path exists, the method does not: the `Allow` header lists the ones that do.
  method_not_allowed: 405,
  conflict: 409, already_revoked: 409, not_active: 409, message_id_reused: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  guardrail_rejected: 422, store_refused: 422, partition_missing: 422,
  rate_limited: 429, replay_busy: 429, streams_busy: 429, command_queue_full: 429,
  internal: 500, receipt_missing: 500,
  // The hub or its database cannot serve this now: the same request can succeed later.
  backpressure: 503, database_unavailable: 503, shutting_down: 503, dashboard_not_built: 503,
  // The CLI could not reach the hub it acts through (refused, timed out).
  hub_unreachable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
/** The HTTP status the catalogue gives `C`. */
export type StatusOf<C extends ErrorCode> = (typeof ERROR_CODES)[C];
/** The codes answered with HTTP status `S`. */
export type CodeWithStatus<S extends number> = { [C in ErrorCode]: StatusOf<C> extends S ? C : never }[ErrorCode];

/** One rule broken by one field of one signal. */
export interface FieldViolation {
  index?: number;
  field: string;
  rule: string;
  message: string;
}

/** An error with a catalogue code; the compiler holds `status` to the catalogue's status for `code`. */
export class QuorumError<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    readonly status: StatusOf<C>,
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
  constructor(message: string, code: CodeWithStatus<403> = 'forbidden', details: Record<string, unknown> = {}) {
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
  constructor(readonly retryAfterSeconds: number, message: string, code: CodeWithStatus<429> = 'rate_limited') {
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
