// Rule bundles and sensor configs: the shape and size rules of a document and its upload as an immutable version.
// Never changes a stored version: a version already taken is a conflict, whatever its content.

import type pg from 'pg';
import { contentHash } from '../core/canonical-json.ts';
import { ConflictError, InvalidRequestError, PayloadTooLargeError } from '../core/errors.ts';
import { exceedsJsonDepth } from '../core/json-depth.ts';
import { firstJsonTextFault } from '../core/json-text.ts';
import { withTenant } from '../db/pools.ts';
import { insertDocument, type DocumentKind, type DocumentSummaryRow } from './rule-document-queries.ts';

/** What a version may be called: 1–64 of letters, digits, `.`, `_`, `+`, `-`, starting with a letter or digit. */
export const VERSION_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$';

export interface DocumentLimits {
  /** Largest canonical serialisation of a document, in bytes (QUORUM_ROLLOUT_DOCUMENT_MAX_BYTES). */
  maxBytes: number;
  maxDepth: number;
}

/** Why a rule bundle breaks its shape ({rules: [...]} of objects each with a unique string id), or null. */
function ruleBundleFault(doc: Record<string, unknown>): { field: string; message: string } | null {
  const rules = doc.rules;
  if (!Array.isArray(rules)) return { field: 'document.rules', message: 'must be an array of rules' };
  const seen = new Set<string>();
  for (const [i, r] of rules.entries()) {
    const id = r !== null && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>).id : undefined;
    if (typeof id !== 'string' || id.length === 0 || id.length > 128) return { field: `document.rules[${i}].id`, message: 'must be a string of 1 to 128 characters' };
    if (seen.has(id)) return { field: `document.rules[${i}].id`, message: `repeats the id ${JSON.stringify(id)}` };
    seen.add(id);
  }
  return null;
}

/** Checks a document's shape, depth, text and size; returns its hash and size or throws a 400/413 naming the fault. */
export function checkDocument(kind: DocumentKind, doc: unknown, limits: DocumentLimits): { hash: string; size: number } {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidRequestError('document must be a JSON object', { field: 'document' });
  if (exceedsJsonDepth(doc, limits.maxDepth)) throw new InvalidRequestError(`document nests deeper than ${limits.maxDepth} levels`, { field: 'document' });
  const text = firstJsonTextFault(doc, 'document');
  if (text) throw new InvalidRequestError(`${text.path} holds text that cannot be stored (${text.fault})`, { field: text.path });
  const fault = kind === 'rules' ? ruleBundleFault(doc as Record<string, unknown>) : null;
  if (fault) throw new InvalidRequestError(`${fault.field} ${fault.message}`, { field: fault.field });
  const content = contentHash(doc);
  if (content.size > limits.maxBytes) throw new PayloadTooLargeError(`document is ${content.size} bytes canonically serialised; at most ${limits.maxBytes}`);
  return content;
}

/** Stores a new version of the tenant's rule bundle or config; a version taken before is a 409. */
export async function uploadDocument(
  app: pg.Pool, tenantId: string, kind: DocumentKind, input: { version: string; document: unknown; createdBy: string; at: Date }, limits: DocumentLimits,
): Promise<DocumentSummaryRow> {
  const { hash, size } = checkDocument(kind, input.document, limits);
  const row = await withTenant(app, tenantId, (c) => insertDocument(c, tenantId, kind, {
    version: input.version, document: input.document as Record<string, unknown>, hash, size, created_at: input.at.toISOString(), created_by: input.createdBy,
  }));
  if (!row) throw new ConflictError(`${kind === 'rules' ? 'rule bundle' : 'sensor config'} version ${input.version} exists already; versions are immutable`);
  return row;
}
