// `quorum users list|create|delete` and `quorum audit list`: a tenant's dashboard users and audit log through a running
// hub's API, as the key's tenant (an operator key may name another, by name or id). Reads a password from a file or stdin, never argv.

import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { USER_ROLES } from '../core/types.ts';
import { action, allPages, clientOf, UsageError, withHubOptions, type HubOptions } from './hub-client.ts';
import { positiveInt, readStdin } from './args.ts';
import { emit, listing, type Column } from './output.ts';
import { tenantIdOf, tenantLabel, tenantNames } from './tenant-names.ts';

interface User { id: string; tenantId: string; username: string; role: string; createdAt: string; createdBy: string }
interface AuditEntry {
  id: string; at: string; actor: { kind: string; id: string; name: string | null }; method: string; route: string;
  target: string | null; status: number; address: string | null;
}

const userColumns = (names: Map<string, string>): Column<User>[] => [
  { header: 'ID', cell: (u) => u.id }, { header: 'USERNAME', cell: (u) => u.username }, { header: 'ROLE', cell: (u) => u.role },
  { header: 'TENANT', cell: (u) => tenantLabel(names, u.tenantId), wide: true },
  { header: 'CREATED', cell: (u) => u.createdAt, time: true }, { header: 'CREATED BY', cell: (u) => u.createdBy },
];
const AUDIT_COLUMNS: Column<AuditEntry>[] = [
  { header: 'AT', cell: (e) => e.at, time: true },
  { header: 'ACTOR', cell: (e) => (e.actor.kind === 'user' ? `user ${e.actor.name}` : `${e.actor.kind} ${e.actor.id}`) },
  { header: 'METHOD', cell: (e) => e.method }, { header: 'ROUTE', cell: (e) => e.route }, { header: 'TARGET', cell: (e) => e.target },
  { header: 'STATUS', cell: (e) => e.status }, { header: 'FROM', cell: (e) => e.address },
];

/** The password of a new user: the first line of a file, or of stdin (`-`); never a command-line argument (ps shows those). */
async function readPassword(source: string): Promise<string> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new UsageError('--password-file holds no password (its first line is empty)');
  return password;
}

export function registerPeopleCommands(program: Command): void {
  const users = program.command('users').description("the tenant's dashboard users: list, create, delete (an admin key)");
  withHubOptions(users.command('list').description("the tenant's users (never their passwords)"))
    .option('--tenant <name|id>', 'another tenant (operator keys only)')
    .action(action(async (o: HubOptions & { tenant?: string }) => {
      const client = await clientOf(o);
      const answer = await client.json<{ users: User[] }>({ method: 'GET', path: '/v1/users', query: { tenant_id: await tenantIdOf(client, o.tenant) } });
      const names = o.output === 'wide' ? await tenantNames(client) : new Map<string, string>();
      emit(o.output, answer, () => listing(answer.users, userColumns(names), o.output));
    }));
  withHubOptions(users.command('create <username>').description('a user with a role; the password is read from --password-file (or stdin with -)'))
    .addOption(new Option('--role <role>', "the user's role").choices([...USER_ROLES]).makeOptionMandatory())
    .requiredOption('--password-file <file>', 'a file whose first line is the password (- reads stdin)')
    .option('--tenant <name|id>', 'another tenant (operator keys only)')
    .action(action(async (username: string, o: HubOptions & { role: string; passwordFile: string; tenant?: string }) => {
      const password = await readPassword(o.passwordFile);
      const client = await clientOf(o);
      const tenantId = await tenantIdOf(client, o.tenant);
      const user = await client.json<User>({ method: 'POST', path: '/v1/users', json: { username, password, role: o.role, ...(tenantId ? { tenantId } : {}) } });
      emit(o.output, user, () => listing([user], userColumns(new Map()), o.output));
    }));
  withHubOptions(users.command('delete <id>').description('delete a user; its sessions end at once'))
    .action(action(async (id: string, o: HubOptions) => {
      await (await clientOf(o)).json({ method: 'DELETE', path: `/v1/users/${encodeURIComponent(id)}` });
      emit(o.output, { deleted: id }, () => `deleted user ${id}; its sessions ended\n`);
    }));

  const audit = program.command('audit').description("the tenant's audit log (an admin key)");
  withHubOptions(audit.command('list').description('every write through the UI or the API, newest first'))
    .option('--limit <n>', 'entries at most (every page is followed up to it)', '100')
    .option('--tenant <name|id>', 'another tenant (operator keys only)')
    .action(action(async (o: HubOptions & { limit: string; tenant?: string }) => {
      const limit = positiveInt(o.limit, '--limit');
      const client = await clientOf(o);
      const tenantId = await tenantIdOf(client, o.tenant);
      const items = await allPages<AuditEntry>(limit, async (cursor, want) => {
        const p = await client.json<{ items: AuditEntry[]; nextCursor: string | null }>({ method: 'GET', path: '/v1/audit', query: { tenant_id: tenantId, cursor, limit: want } });
        return { items: p.items, next: p.nextCursor };
      });
      emit(o.output, { items }, () => listing(items, AUDIT_COLUMNS, o.output));
    }));
}
