// A tenant's local users: create (password hashed with scrypt), list, delete (which ends their sessions).
// Reads and writes as the tenant (withTenant, RLS); never returns or logs a password or its hash.

import type pg from 'pg';
import { ConflictError, InvalidRequestError, NotFoundError } from '../core/errors.ts';
import { textFault } from '../core/text.ts';
import { USER_ROLES, type UserRole } from '../core/types.ts';
import { withTenant } from '../db/pools.ts';
import { hashPassword, PASSWORD_LENGTH } from './passwords.ts';
import { normalizeUsername } from './session-store.ts';
import { deleteUser, deleteUserSessions, findUser, findUserById, insertUser, listUsers, type UserRow } from './user-queries.ts';
import { tenantExists } from './tenant-queries.ts';
import { isUuid } from '../core/uuid.ts';

/** 1–64 of a–z, 0–9, `.`, `_`, `@`, `-`, starting with a letter or digit (the CHECK of users.username). */
export const USERNAME_PATTERN = '^[a-z0-9][a-z0-9._@-]{0,63}$';
const USERNAME = new RegExp(USERNAME_PATTERN);
/** The same, before lower-casing (what a request may send). */
export const USERNAME_INPUT_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$';

export interface User {
  id: string;
  tenantId: string;
  username: string;
  role: UserRole;
  createdAt: string;
  createdBy: string;
}

const userView = (u: UserRow): User => ({ id: u.id, tenantId: u.tenant_id, username: u.username, role: u.role, createdAt: u.created_at, createdBy: u.created_by });

export interface NewUser {
  tenantId: string;
  username: string;
  password: string;
  role: UserRole;
  /** `key:<id>`, `user:<id>` or `setup`. */
  createdBy: string;
}

/** Throws 400 naming the field when a new user's username, password or role breaks its rule. */
export function checkNewUser(u: Pick<NewUser, 'username' | 'password' | 'role'>): string {
  const username = typeof u.username === 'string' ? normalizeUsername(u.username) : '';
  if (!USERNAME.test(username)) {
    throw new InvalidRequestError('username must be 1–64 of a–z, 0–9, ".", "_", "@", "-", starting with a letter or digit', { field: 'username' });
  }
  const { min, max } = PASSWORD_LENGTH;
  if (typeof u.password !== 'string' || [...u.password].length < min || [...u.password].length > max || textFault(u.password)) {
    throw new InvalidRequestError(`password must be ${min}–${max} characters of well-formed text without control characters`, { field: 'password' });
  }
  if (!(USER_ROLES as readonly unknown[]).includes(u.role)) throw new InvalidRequestError(`role must be one of ${USER_ROLES.join(', ')}`, { field: 'role' });
  return username;
}

export function createUserStore(deps: { app: pg.Pool; owner: Pick<pg.Pool, 'query'>; passwordCost: number }) {
  return {
    /** Creates a user; 409 `conflict` when the username is taken anywhere on the hub. */
    async create(input: NewUser, db?: Pick<pg.ClientBase, 'query'>): Promise<User> {
      const username = checkNewUser(input);
      const passwordHash = await hashPassword(input.password, deps.passwordCost);
      const row = { tenantId: input.tenantId, username, role: input.role, passwordHash, createdBy: input.createdBy };
      const insert = async (c: Pick<pg.ClientBase, 'query'>) => {
        if (!(await tenantExists(c, input.tenantId))) throw new NotFoundError(`tenant ${input.tenantId} does not exist`);
        return insertUser(c, row);
      };
      const made = db ? await insert(db) : await withTenant(deps.app, input.tenantId, insert);
      if (!made) throw new ConflictError(`the username "${username}" is taken`);
      return userView(made);
    },

    async list(tenantId: string): Promise<User[]> {
      return (await withTenant(deps.app, tenantId, (c) => listUsers(c, tenantId))).map(userView);
    },

    async find(tenantId: string, id: string): Promise<User | null> {
      if (!isUuid(id)) return null;
      const row = await withTenant(deps.app, tenantId, (c) => findUser(c, tenantId, id));
      return row ? userView(row) : null;
    },

    /** A user of any tenant (the operator's lookups; owner pool). */
    async findAnywhere(id: string): Promise<User | null> {
      if (!isUuid(id)) return null;
      const row = await findUserById(deps.owner, id);
      return row ? userView(row) : null;
    },

    /** Deletes a user of the tenant and, with it, every session of theirs; false when there is no such user there. */
    async delete(tenantId: string, id: string): Promise<boolean> {
      if (!isUuid(id)) return false;
      return withTenant(deps.app, tenantId, async (c) => {
        // Ended first and explicitly (not only by the cascade): each ended session is announced to live connections.
        await deleteUserSessions(c, id);
        return deleteUser(c, tenantId, id);
      });
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
