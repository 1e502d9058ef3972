// The one place where errors become HTTP responses: RFC 9457 problem+json with a stable code.
// Unknown errors are logged with context and answered generically: never a stack trace or SQL to a client.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError, InvalidSignalError, QuorumError, type ErrorCode } from '../core/errors.ts';
import { isDatabaseUnavailable } from '../db/sql-errors.ts';
import { validationViolations } from './validation-problem.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

export function problem(status: number, code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `https://quorum.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
}

/** Maps any thrown error to its problem document. */
export function toProblem(err: unknown): Problem {
  if (err instanceof InvalidSignalError) return problem(400, err.code, err.message, { errors: err.errors });
  if (err instanceof QuorumError) return problem(err.status, err.code, err.message, err.details);
  // A dropped connection, a stopped or saturated server: nothing was done, and the same request can succeed later.
  if (isDatabaseUnavailable(err)) return toProblem(new DatabaseUnavailableError());
  const fe = err as FastifyError;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return problem(413, 'payload_too_large', 'request body exceeds the configured limit (QUORUM_BODY_LIMIT_BYTES)');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return problem(415, 'unsupported_media_type', 'send application/json');
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return problem(400, 'invalid_json', 'the request body is empty');
  if (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (fe.statusCode === 400 && fe.name === 'SyntaxError')) return problem(400, 'invalid_json', 'the body is not valid JSON');
  if (fe.validation) {
    const errors = validationViolations(fe);
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    return problem(400, 'invalid_request', `${errors[0]?.message ?? fe.message}${more}`, { field: errors[0]?.field ?? '', errors });
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return problem(fe.statusCode, 'invalid_request', fe.message);
  return problem(500, 'internal', 'internal error; the hub logged the details');
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  // 429 and 503 say when to come back; clients (and Alertmanager) honour Retry-After.
  if (typeof p.retryAfterSeconds === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(p.retryAfterSeconds))));
  return reply.code(p.status).type('application/problem+json').send(p);
}

export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const p = toProblem(err);
  if (p.code === 'database_unavailable') req.log.warn({ err, route: req.routeOptions.url }, 'request refused: the database is unavailable');
  else if (p.status >= 500) req.log.error({ err, route: req.routeOptions.url }, 'request failed');
  return sendProblem(reply, p);
}
