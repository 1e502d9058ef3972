// `quorum tenants list|create` and `quorum keys list|create|revoke`: through a running hub's API (`/v1/tenants`,
// `/v1/keys`) by default, or, given --data-dir/--database-url, on the database directly as the machine owner (bootstrap).

import { Command, Option } from 'commander';
import { NotFoundError, QuorumError } from '../core/errors.ts';
import { SCOPES, type RateLimit } from '../core/types.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { action, clientOf, DEFAULT_TIMEOUT_MS, DEFAULT_URL, UsageError, type HubClient, type HubOptions } from './hub-client.ts';
import { emit, fields, listing, OUTPUT_MODES } from './output.ts';
import { dbOptions, withKeyStore } from './direct-db.ts';
import { listAllTenants, tenantIdOf, tenantLabel, tenantNames, type Tenant } from './tenant-names.ts';

interface Key {
  id: string; tenant_id: string; name: string | null; scopes: string[]; agent_id: string | null; created_at: string; revoked_at: string | null;
  rate_limit: { per_second: number; burst: number } | null; key?: string;
}
type AdminOptions = HubOptions & { databaseUrl?: string };

const MODES_HELP = `
Two modes:
  through the hub (default)  the hub's API at --url (default ${DEFAULT_URL}) with a key from --key-file, QUORUM_API_KEY
                             or ./.quorum/admin.key: tenants need an operator key, keys an admin key (its own tenant) or the operator's.
  bootstrap                  given --data-dir or --database-url, the CLI opens the hub's database itself as the machine owner
                             (any tenant, operator powers, no key needed): for the first keys, or when the hub is down.`;

/** The API and bootstrap options of an admin command. */
function adminCommand(cmd: Command): Command {
  return dbOptions(cmd)
    .option('--url <url>', 'the hub (API mode)', DEFAULT_URL)
    .option('--key-file <file>', 'a file holding the API key (default: $QUORUM_API_KEY, else ./.quorum/admin.key)')
    .addOption(new Option('-o, --output <format>', 'table, wide or json').choices([...OUTPUT_MODES]).default('table'))
    .option('--timeout <ms>', 'longest wait for the hub to connect and answer', String(DEFAULT_TIMEOUT_MS))
    .addHelpText('after', MODES_HELP);
}

/** Bootstrap mode exactly when a database is named. */
const direct = (o: AdminOptions) => o.dataDir !== undefined || o.databaseUrl !== undefined;
/** The hub options for API mode: the data dir is not named there (it would mean bootstrap). */
const hub = (o: AdminOptions) => clientOf({ ...o, dataDir: undefined });

/** `50/200` → { perSecond: 50, burst: 200 }; the hub checks the bounds. */
function rateOption(v: string): RateLimit {
  const m = /^(\d+)\/(\d+)$/.exec(v.trim());
  if (!m) throw new UsageError(`--rate must be <perSecond>/<burst>, e.g. 50/200; got "${v}"`);
  return { perSecond: Number(m[1]), burst: Number(m[2]) };
}

async function directTenantId(keys: KeyStore, tenant: string | undefined): Promise<string | undefined> {
  if (tenant === undefined || /^[0-9a-f-]{36}$/i.test(tenant)) return tenant;
  const found = await keys.findTenantByName(tenant);
  if (!found) throw new NotFoundError(`no tenant named "${tenant}" (quorum tenants list shows them)`);
  return found.id;
}

export function registerAdminCommands(program: Command): void {
  registerTenants(program);
  const keys = program.command('keys').description('API keys: list, create (the secret is shown once), revoke').addHelpText('after', MODES_HELP);
  registerKeyList(keys);
  registerKeyCreate(keys);
  registerKeyRevoke(keys);
}

function registerTenants(program: Command): void {
  const tenants = program.command('tenants').description('tenants: list and create (an operator key, or bootstrap mode)').addHelpText('after', MODES_HELP);
  adminCommand(tenants.command('list').description('every tenant')).action(action(async (o: AdminOptions) => {
    const list = direct(o) ? await withKeyStore(o, (k) => k.listTenants())
      : await listAllTenants(await hub(o));
    emit(o.output, { tenants: list }, () => listing(list, [
      { header: 'NAME', cell: (t) => t.name }, { header: 'ID', cell: (t) => t.id }, { header: 'CREATED', cell: (t) => t.created_at, time: true },
    ], o.output));
  }));
  adminCommand(tenants.command('create <name>').description('create a tenant')).action(action(async (name: string, o: AdminOptions) => {
    const t = direct(o) ? await withKeyStore(o, (k) => k.createTenant(name))
      : await (await hub(o)).json<Tenant>({ method: 'POST', path: '/v1/tenants', json: { name } });
    emit(o.output, { id: t.id, name: t.name }, () => `created tenant ${t.name} ${t.id}\n`);
  }));
}

function registerKeyList(keys: Command): void {
  adminCommand(keys.command('list').description('API keys (never their secrets)'))
    .option('--tenant <name|id>', "only this tenant (API mode: default the key's own; another needs the operator)")
    .action(action(async (o: AdminOptions & { tenant?: string }) => {
      let list: Key[];
      let names: Map<string, string>;
      if (direct(o)) {
        const found = await withKeyStore(o, async (k) => ({ keys: await k.listKeys(await directTenantId(k, o.tenant)), tenants: await k.listTenants() }));
        list = found.keys as Key[];
        names = new Map(found.tenants.map((t) => [t.id, t.name]));
      } else {
        const client = await hub(o);
        list = (await client.json<{ keys: Key[] }>({ method: 'GET', path: '/v1/keys', query: { tenant_id: await tenantIdOf(client, o.tenant) } })).keys;
        names = await tenantNames(client);
      }
      emit(o.output, { keys: list }, () => listing(list, [
        { header: 'ID', cell: (k) => k.id }, { header: 'TENANT', cell: (k) => tenantLabel(names, k.tenant_id) }, { header: 'NAME', cell: (k) => k.name },
        { header: 'SCOPES', cell: (k) => k.scopes.join(',') }, { header: 'AGENT', cell: (k) => k.agent_id, wide: true },
        { header: 'RATE', cell: (k) => (k.rate_limit ? `${k.rate_limit.per_second}/${k.rate_limit.burst}` : 'default'), wide: true },
        { header: 'CREATED', cell: (k) => k.created_at, time: true },
        { header: 'STATE', cell: (k) => (k.revoked_at ? 'revoked' : 'active') }, { header: 'REVOKED', cell: (k) => k.revoked_at, time: true, wide: true },
      ], o.output));
    }));
}

function registerKeyCreate(keys: Command): void {
  adminCommand(keys.command('create').description('create an API key; its secret is printed once'))
    .requiredOption('--scopes <list>', `comma-separated: ${SCOPES.join(', ')} (operator = the hub's owner, every tenant)`)
    .option('--tenant <name|id>', "the key's tenant (API mode: default the calling key's own; bootstrap mode: required)")
    .option('--agent <agentId>', 'bind the key to one agent id (required with agent:write)')
    .option('--name <name>', 'a label for the key')
    .option('--rate <perSecond/burst>', "the key's own write rate limit, e.g. 50/200 (default: the hub's)")
    .action(action(async (o: AdminOptions & { tenant?: string; scopes: string; agent?: string; name?: string; rate?: string }) => {
      const scopes = o.scopes.split(',').map((s) => s.trim()).filter(Boolean);
      const rateLimit = o.rate === undefined ? undefined : rateOption(o.rate);
      const key = direct(o) ? await createDirect(o, scopes, rateLimit) : await createThroughHub(await hub(o), o, scopes, rateLimit);
      const tenant = o.tenant !== undefined && o.tenant !== key.tenant_id ? `${o.tenant} (${key.tenant_id})` : key.tenant_id;
      emit(o.output, key, () => fields([['id', key.id], ['tenant', tenant], ['scopes', key.scopes.join(',')], ['name', key.name], ['agent', key.agent_id], ['key', key.key]]));
      process.stderr.write('Store this key now: it is not shown again.\n');
    }));
}

async function createDirect(o: AdminOptions & { tenant?: string; agent?: string; name?: string }, scopes: string[], rateLimit: RateLimit | undefined): Promise<Key> {
  if (o.tenant === undefined) throw new UsageError('--tenant is required in bootstrap mode (--data-dir/--database-url): there is no calling key to take it from');
  return withKeyStore(o, async (k) => k.createKey({ tenantId: (await directTenantId(k, o.tenant))!, scopes, agentId: o.agent ?? null, name: o.name ?? null, rateLimit: rateLimit ?? null }));
}

async function createThroughHub(client: HubClient, o: { tenant?: string; agent?: string; name?: string }, scopes: string[], rateLimit: RateLimit | undefined): Promise<Key> {
  const body = { tenantId: await tenantIdOf(client, o.tenant), scopes, name: o.name, agentId: o.agent, rateLimit };
  return client.json<Key>({ method: 'POST', path: '/v1/keys', json: body });
}

function registerKeyRevoke(keys: Command): void {
  adminCommand(keys.command('revoke <id>').description('revoke an API key; one revoked before is an error that says when (exit 1)'))
    .action(action(async (id: string, o: AdminOptions) => {
      if (direct(o)) {
        await withKeyStore(o, async (ks) => {
          const key = await ks.findKey(id);
          if (!key) throw new NotFoundError(`no API key ${id}`);
          if (key.revoked_at !== null) throw new QuorumError('already_revoked', 409, `API key ${key.id} was revoked at ${new Date(key.revoked_at).toISOString()}`);
          await ks.revokeKey(id);
        });
      } else {
        await (await hub(o)).json({ method: 'DELETE', path: `/v1/keys/${encodeURIComponent(id)}` });
      }
      emit(o.output, { revoked: id }, () => `revoked ${id}\n`);
    }));
}
