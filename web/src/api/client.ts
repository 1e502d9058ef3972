// The dashboard's one HTTP client: typed by the hub's OpenAPI document (schema.d.ts), same-origin, cookie session.
// Unsafe methods carry the CSRF token from the `quorum_csrf` cookie; a failed call throws ApiError with the problem body.

import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/** A refusal from the hub: the HTTP status and its problem+json `code` and `detail`. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The CSRF token the hub set at login, readable by this page only (SameSite=Strict). */
export function csrfToken(): string | undefined {
  return document.cookie.split('; ').find((c) => c.startsWith('quorum_csrf='))?.slice('quorum_csrf='.length);
}

const csrf: Middleware = {
  onRequest({ request }) {
    const token = csrfToken();
    if (UNSAFE.has(request.method) && token) request.headers.set('X-CSRF-Token', token);
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(csrf);

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the hub's problem. */
export function unwrap<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || !r.response.ok) {
    const p = (r.error ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(r.response.status, p.code ?? 'error', p.detail ?? p.title ?? r.response.statusText, r.error);
  }
  return r.data as T;
}
