// First start: creates the `default` tenant and the operator key (the hub owner's), prints the key once and saves it to <data-dir>/admin.key (0600).
// Later starts find the tenant and create nothing.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KeyStore } from './key-store.ts';

export interface BootstrapResult {
  tenantId: string;
  /** The admin key when this start created it, else null. */
  adminKey: string | null;
  keyFile: string | null;
}

export async function bootstrapDefaultTenant(keys: KeyStore, dataDir: string): Promise<BootstrapResult> {
  const existing = await keys.findTenantByName('default');
  if (existing) return { tenantId: existing.id, adminKey: null, keyFile: null };
  let tenant;
  try {
    tenant = await keys.createTenant('default');
  } catch {
    // Another hub on the same database bootstrapped at the same moment.
    const raced = await keys.findTenantByName('default');
    return { tenantId: raced!.id, adminKey: null, keyFile: null };
  }
  const key = await keys.createKey({ tenantId: tenant.id, scopes: ['operator'], name: 'bootstrap admin' });
  const keyFile = path.join(dataDir, 'admin.key');
  await writeFile(keyFile, `${key.key}\n`, { mode: 0o600 });
  return { tenantId: tenant.id, adminKey: key.key, keyFile };
}
