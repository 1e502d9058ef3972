// The trust-boundary rules every HTTP request meets before a handler runs: UTF-8 bodies, bounded JSON depth, and the
// text rule on path parameters, query strings and bodies, finite numbers in query strings. Never lets hostile input reach a recursive walker or the database.

import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { InvalidRequestError } from '../core/errors.ts';
import { exceedsJsonDepth } from '../core/json-depth.ts';
import { firstJsonTextFault } from '../core/json-text.ts';
import { textFaultMessage } from '../core/text.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body holds wire-format signals: their validator applies the text rule and names index and field (invalid_signal). */
    signalBody?: boolean;
  }
}

/** Levels a request body may add around a depth-limited value: {"signals": [ {signal…} ]}. */
export const ENVELOPE_DEPTH = 3;

/** Throws a 400 naming the place when a parsed body nests too deeply or holds text that breaks the rule. */
export function checkJsonBody(body: unknown, maxJsonDepth: number, checkText = true): void {
  // A Buffer is a body its route parses itself (the generic webhook), and then checks with this same function.
  if (typeof body !== 'object' || body === null || Buffer.isBuffer(body)) return;
  // Before anything recursive touches the body: a 6 KB body can nest 3,000 levels.
  if (exceedsJsonDepth(body, maxJsonDepth + ENVELOPE_DEPTH)) {
    throw new InvalidRequestError(`the body nests objects and arrays more than ${maxJsonDepth + ENVELOPE_DEPTH} levels deep (QUORUM_MAX_JSON_DEPTH)`, { field: 'body' });
  }
  if (checkText) rejectTextFault(body, 'body');
}

function rejectTextFault(value: unknown, part: string): void {
  const found = firstJsonTextFault(value);
  if (!found) return;
  const field = found.path === '' ? part : found.path;
  const message = textFaultMessage(found.fault);
  // The same `errors` list the domain validators answer with, so a client reads one shape whichever check spoke first.
  throw new InvalidRequestError(`${field} ${message}`, { field, errors: [{ field, rule: found.fault, message }] });
}

// Schema coercion turns "Infinity", "-Infinity" or "1e400" into ±Infinity, and ajv then lets it past minimum and
// maximum: an integer query parameter must be finite before a handler hands it to PostgreSQL (LIMIT Infinity is a 500).
function rejectNonFinite(values: unknown): void {
  if (typeof values !== 'object' || values === null) return;
  for (const [field, v] of Object.entries(values)) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new InvalidRequestError(`${field} must be a finite number`, { field });
  }
}

/** A JSON parser that refuses bytes that are not UTF-8 instead of decoding them to U+FFFD. */
function registerStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, raw, done) => {
    const bytes = raw as Buffer;
    if (!isUtf8(bytes)) return done(new InvalidRequestError('the body is not valid UTF-8', { field: 'body' }), undefined);
    return parseJson(req, bytes.toString('utf8'), done);
  });
}

/** Registers the parser and the checks; call after authentication so a stranger gets 401, not a hint about the input. */
export function registerInputRules(app: FastifyInstance, opts: { maxJsonDepth: number }): void {
  registerStrictJsonParser(app);
  app.addHook('preHandler', async (req: FastifyRequest) => {
    rejectTextFault(req.params, 'path');
    rejectTextFault(req.query, 'query');
    rejectNonFinite(req.query);
    checkJsonBody(req.body, opts.maxJsonDepth, !req.routeOptions.config.signalBody);
  });
}
