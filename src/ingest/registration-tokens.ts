// Registration token format: `sh_reg_<tenant hex>_<token id hex>_<256-bit secret>`; only the secret's SHA-256 is stored.
// Parsing never throws: a string that is not shaped like a token is null (the caller refuses it).

import { randomBytes, randomUUID } from 'node:crypto';
import { hashSecret } from '../auth/api-keys.ts';

export const REGISTRATION_TOKEN_PREFIX = 'sh_reg_';
const FORMAT = /^sh_reg_([0-9a-f]{32})_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface ParsedRegistrationToken {
  tenantId: string;
  id: string;
  secret: string;
}

const hex = (uuid: string) => uuid.replaceAll('-', '');
const uuid = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

/** A fresh token of `tenantId`: its id, the full token (shown once) and the hash to store. */
export function generateRegistrationToken(tenantId: string): { id: string; token: string; secretHash: Buffer } {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, token: `${REGISTRATION_TOKEN_PREFIX}${hex(tenantId)}_${hex(id)}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseRegistrationToken(token: string): ParsedRegistrationToken | null {
  const m = FORMAT.exec(token);
  return m ? { tenantId: uuid(m[1]!), id: uuid(m[2]!), secret: m[3]! } : null;
}
