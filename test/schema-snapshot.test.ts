import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';

// Catches schema drift: the migrated schema must match test/schema.snapshot.txt.
// After adding a migration on purpose, regenerate with `UPDATE_SCHEMA_SNAPSHOT=1 npm test -- test/schema-snapshot.test.ts`.
const SNAPSHOT = path.join(import.meta.dirname, 'schema.snapshot.txt');
const NOT_PARTITION = "c.relname !~ '_p[0-9]{8}$'";

let db: TestDatabase;
before(async () => { db = await createTestDatabase(); });
after(async () => { await db.drop(); });

async function dumpSchema(): Promise<string> {
  const q = async (sql: string) => (await db.pools.owner.query(sql)).rows.map((r) => Object.values(r).join(' | '));
  const sections: Record<string, string[]> = {
    tables: await q(`SELECT c.relname, c.relkind, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND ${NOT_PARTITION} ORDER BY 1`),
    columns: await q(`SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, coalesce(c.column_default, '') FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.table_name !~ '_p[0-9]{8}$' ORDER BY 1, c.ordinal_position`),
    constraints: await q(`SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND ${NOT_PARTITION} ORDER BY 1, 2`),
    indexes: await q(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename !~ '_p[0-9]{8}$' ORDER BY 1`),
    policies: await q(`SELECT tablename, policyname, cmd, coalesce(qual, ''), coalesce(with_check, '') FROM pg_policies WHERE schemaname = 'public' ORDER BY 1, 2`),
    functions: await q(`SELECT p.proname, pg_get_function_identity_arguments(p.oid), p.prosecdef FROM pg_proc p
      JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public' ORDER BY 1`),
    grants: await q(`SELECT table_name, privilege_type FROM information_schema.role_table_grants
      WHERE grantee = 'quorum_app' AND table_name !~ '_p[0-9]{8}$' ORDER BY 1, 2`),
  };
  return Object.entries(sections).map(([name, lines]) => `## ${name}\n${lines.join('\n')}\n`).join('\n');
}

test('the migrated schema matches the committed snapshot', async () => {
  const actual = await dumpSchema();
  if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SNAPSHOT, actual);
  assert.ok(existsSync(SNAPSHOT), 'no snapshot yet: run with UPDATE_SCHEMA_SNAPSHOT=1');
  assert.equal(actual, readFileSync(SNAPSHOT, 'utf8'));
});
