// Password hashing with scrypt (memory-hard): by default N = 2^15, r = 8, p = 1 (32 MiB, ~0.1–0.3 s per hash), 16-byte salt, 32-byte key.
// Never logs or returns a password; verification compares in constant time and costs the same for an unknown user.

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** The cost of a new hash (log2 N is QUORUM_PASSWORD_SCRYPT_LOG2N). Stored with it, so a later change leaves old hashes verifiable. */
export const SCRYPT_PARAMS = { log2N: 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

/** Password length bounds, in characters: long enough to resist guessing, short enough that hashing is bounded. */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

const FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, keyBytes: number, log2N: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** log2N;
  // maxmem above the 128·N·r bytes scrypt needs (Node's default, 32 MiB, is exactly too small for N = 2^15, r = 8).
  const opts: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, keyBytes, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64url), for users.password_hash. */
export async function hashPassword(password: string, log2N: number = SCRYPT_PARAMS.log2N): Promise<string> {
  const { r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, keyBytes, log2N, r, p);
  return `scrypt$${log2N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// A hash to verify against when the user does not exist, so a refused login takes as long either way.
const decoys = new Map<number, Promise<string>>();

/** True when `password` matches `stored`; with `stored` null it still spends one hash (of cost `log2N`) and answers false. */
export async function verifyPassword(password: string, stored: string | null, log2N: number = SCRYPT_PARAMS.log2N): Promise<boolean> {
  if (stored === null && !decoys.has(log2N)) decoys.set(log2N, hashPassword(randomBytes(16).toString('hex'), log2N));
  const target = stored ?? await decoys.get(log2N)!;
  const m = FORMAT.exec(target);
  if (!m) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (n > 20 || r > 16 || p > 4) return false;
  const expected = Buffer.from(m[5]!, 'base64url');
  const key = await derive(password, Buffer.from(m[4]!, 'base64url'), expected.length, n, r, p);
  return timingSafeEqual(key, expected) && stored !== null;
}
