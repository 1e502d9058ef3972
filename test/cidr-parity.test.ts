// The TypeScript address arithmetic (src/core/cidr.ts) against PostgreSQL's cidr type: the same canonical text for every
// written form, so an indicator normalised by the hub matches what the database stores and compares.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCidr, parseCidr } from '../src/core/cidr.ts';
import { createTestDatabase, type TestDatabase } from './helpers/cluster.ts';

let db: TestDatabase;
before(async () => { db = await createTestDatabase(); });
after(async () => { await db.drop(); });

const INPUTS = [
  '10.0.0.5', '10.0.0.77/24', '0.0.0.0/0', '255.255.255.255/31', '2001:db8::1', '2001:DB8:0:0:1:0:0:1', '2001:0:0:1:0:0:0:1',
  '1:0:2:0:0:3:0:4', '1::', '::', '::1', '::/0', '2001:db8::1/127', '::ffff:10.0.0.5', '::ffff:10.0.0.5/120', '::10.0.0.5',
  '::a00:5', '::0.0.0.1', '::ffff:0:0', '::ffff:0.0.0.1', '64:ff9b::1.2.3.4', '::1:0:0:0', '0:0:0:0:0:1:0:0', '::ffff:1:2',
  '::ffff:1.22.33.44', '1:2:3:4:5:6:7::', '0:0:0:0:1:ffff:1:2', 'fe80::1', 'abcd:ef01:2345:6789:abcd:ef01:2345:6789', '2001:db8:0:1:1:1:1:1',
];

test('every written form is printed exactly as PostgreSQL prints the cidr', async () => {
  const res = await db.pools.owner.query<{ input: string; text: string }>(
    'SELECT input, input::cidr::text AS text FROM unnest($1::text[]) AS input',
    [INPUTS.map((i) => { const c = parseCidr(i)!; return formatCidr(c); })]);
  const hub = INPUTS.map((i) => formatCidr(parseCidr(i)!));
  assert.deepEqual(hub, res.rows.map((r) => r.text), 'the hub normalises each input to what PostgreSQL prints for it');
});
