// The operator's first-start setup code: made once when no operator user exists, printed once, stored only as its SHA-256,
// used once by `POST /v1/setup` to create the operator user. The operator key keeps working whatever happens here.

import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { ForbiddenError } from '../core/errors.ts';
import { inTransaction } from '../db/pools.ts';
import { hashSecret } from './api-keys.ts';
import { findOpenSetupCode, insertSetupCode, setupNeeded, useSetupCode } from './user-queries.ts';
import type { User, UserStore } from './user-store.ts';
import { checkNewUser } from './user-store.ts';

/**
 * A new setup code for the operator's tenant when the hub has no operator user and no open code; null otherwise (a
 * later start, or another hub on the same database made it first). Shown once: only its hash is kept.
 */
export async function createSetupCode(owner: Pick<pg.Pool, 'query'>, tenantId: string): Promise<string | null> {
  if (!(await setupNeeded(owner))) return null;
  const code = randomBytes(32).toString('base64url');
  return (await insertSetupCode(owner, tenantId, hashSecret(code))) ? code : null;
}

const refused = () => new ForbiddenError('the setup code is wrong or was used already; the operator key can still create users (POST /v1/users)', 'invalid_setup_code');

/** Creates the operator user with an open setup code, which is then used up; 403 `invalid_setup_code` for a wrong or used one. */
export async function completeSetup(deps: { owner: pg.Pool; users: Pick<UserStore, 'create'>; clock: () => Date }, input: { code: string; username: string; password: string }): Promise<User> {
  const codeHash = hashSecret(input.code);
  // Checked before the password is hashed: a wrong code costs one indexed read, never a scrypt hash.
  const tenantId = await findOpenSetupCode(deps.owner, codeHash);
  if (!tenantId) throw refused();
  checkNewUser({ ...input, role: 'operator' });
  return inTransaction(deps.owner, async (c) => {
    const user = await deps.users.create({ ...input, tenantId, role: 'operator', createdBy: 'setup' }, c);
    // Two setups racing with one code: the second finds it used and its user is rolled back.
    if (!(await useSetupCode(c, codeHash, user.id, deps.clock()))) throw refused();
    return user;
  });
}
