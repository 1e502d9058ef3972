// `quorum users list|create|delete` and `quorum audit list`: a tenant's users and audit log through a running hub's HTTP
// API, as the key's tenant (an operator key may name another). Reads a password from a file or stdin, never from argv.

import { readFile } from 'node:fs/promises';
import { CommanderError, Option, type Command } from 'commander';
import { USER_ROLES } from '../core/types.ts';
import { action, clientOf, EXIT, print, table, UsageError, withHubOptions, type Common } from './blocks.ts';

interface User { id: string; tenantId: string; username: string; role: string; createdAt: string; createdBy: string }
interface AuditEntry {
  id: string; at: string; actor: { kind: string; id: string; name: string | null }; method: string; route: string;
  target: string | null; status: number; address: string | null;
}

const USER_HEADER = ['ID', 'USERNAME', 'ROLE', 'CREATED', 'CREATED BY'];
const userRow = (u: User) => [u.id, u.username, u.role, u.createdAt, u.createdBy];
const AUDIT_HEADER = ['AT', 'ACTOR', 'METHOD', 'ROUTE', 'TARGET', 'STATUS', 'FROM'];
const auditRow = (e: AuditEntry) => [
  e.at, e.actor.kind === 'user' ? `user ${e.actor.name}` : `${e.actor.kind} ${e.actor.id}`, e.method, e.route, e.target ?? '-', String(e.status), e.address ?? '-',
];

const exitsAsDocumented = (cmd: Command) => cmd
  .addHelpText('after', '\nExit codes: 0 ok, 1 error (refused by the hub, or the hub is not reachable), 2 usage, 3 not found.')
  .exitOverride((err: CommanderError) => process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.usage));

/** The password of a new user: the first line of a file, or of stdin (`-`); never a command-line argument (ps shows those). */
async function readPassword(source: string): Promise<string> {
  const text = source === '-' ? await readStdin() : await readFile(source, 'utf8');
  const password = text.split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new UsageError('--password-file holds no password (its first line is empty)');
  return password;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function registerPeopleCommands(program: Command): void {
  const users = exitsAsDocumented(program.command('users').description("list, create and delete the tenant's dashboard users through a running hub's API (an admin key)"));
  withHubOptions(users.command('list').description("the tenant's users (never their passwords)"))
    .option('--tenant <id>', 'another tenant (operator keys only)')
    .action(action(async (o: Common & { tenant?: string }) => {
      const answer = await (await clientOf(o)).json<{ users: User[] }>({ method: 'GET', path: '/v1/users', query: { tenant_id: o.tenant } });
      print(o, answer, () => table(USER_HEADER, answer.users.map(userRow)));
    }));
  withHubOptions(users.command('create <username>').description('a user with a role; the password is read from --password-file (or stdin with -)'))
    .addOption(new Option('--role <role>', "the user's role").choices([...USER_ROLES]).makeOptionMandatory())
    .requiredOption('--password-file <file>', 'a file whose first line is the password (- reads stdin)')
    .option('--tenant <id>', 'another tenant (operator keys only)')
    .action(action(async (username: string, o: Common & { role: string; passwordFile: string; tenant?: string }) => {
      const password = await readPassword(o.passwordFile);
      const user = await (await clientOf(o)).json<User>({ method: 'POST', path: '/v1/users', json: { username, password, role: o.role, ...(o.tenant ? { tenantId: o.tenant } : {}) } });
      print(o, user, () => table(USER_HEADER, [userRow(user)]));
    }));
  withHubOptions(users.command('delete <id>').description('delete a user; its sessions end at once'))
    .action(action(async (id: string, o: Common) => {
      await (await clientOf(o)).json({ method: 'DELETE', path: `/v1/users/${encodeURIComponent(id)}` });
      print(o, { deleted: id }, () => `deleted user ${id}; its sessions ended\n`);
    }));

  const audit = exitsAsDocumented(program.command('audit').description("the tenant's audit log through a running hub's API (an admin key)"));
  withHubOptions(audit.command('list').description('every write through the UI or the API, newest first'))
    .option('--limit <n>', 'entries at most (every page is followed up to it)', '100')
    .option('--tenant <id>', 'another tenant (operator keys only)')
    .action(action(async (o: Common & { limit: string; tenant?: string }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new UsageError(`--limit must be a positive integer; got "${o.limit}"`);
      const client = await clientOf(o);
      const items: AuditEntry[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.json<{ items: AuditEntry[]; nextCursor: string | null }>({
          method: 'GET', path: '/v1/audit', query: { tenant_id: o.tenant, cursor, limit: Math.min(1000, limit - items.length) },
        });
        items.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && items.length < limit);
      print(o, { items }, () => table(AUDIT_HEADER, items.map(auditRow)));
    }));
}
