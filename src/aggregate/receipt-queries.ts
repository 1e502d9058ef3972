// Every SQL statement that touches sensor_receipts (which sensor messages were committed, and with what outcome).
// Callers pass a client inside withTenant() or the flush's own transaction; pruning runs on the owner pool across tenants.

import type pg from 'pg';
import type { Statement } from '../db/one-trip.ts';

export interface Receipt {
  messageId: string;
  signalCount: number;
  stored: number;
  merged: number;
  duplicates: number;
}

/** A receipt and the sensor whose message it acknowledges. */
export type SensorReceipt = Receipt & { sensorId: string };

/**
 * Records the receipts of a flush's messages (quorum_record_sensor_receipts, migration 028: quorum_ingest may call it
 * too); returns the messages that already had a receipt (those must not be stored again).
 */
export async function recordReceipts(client: pg.PoolClient, tenantId: string, receipts: SensorReceipt[]): Promise<{ sensorId: string; messageId: string }[]> {
  if (receipts.length === 0) return [];
  const res = await client.query<{ sensorId: string; messageId: string }>(
    'SELECT sensor_id AS "sensorId", message_id AS "messageId" FROM quorum_record_sensor_receipts($1, $2, $3, $4, $5, $6, $7)',
    [tenantId, receipts.map((r) => r.sensorId), receipts.map((r) => r.messageId), receipts.map((r) => r.signalCount),
      receipts.map((r) => r.stored), receipts.map((r) => r.merged), receipts.map((r) => r.duplicates)],
  );
  return res.rows;
}

/** The receipt of a committed message, or null. */
export async function findReceipt(client: pg.PoolClient, tenantId: string, sensorId: string, messageId: string): Promise<Receipt | null> {
  const { text, values } = findReceiptStatement(tenantId, sensorId, messageId);
  return receiptOf(messageId, await client.query(text, [...values!]));
}

/** The statement behind findReceipt, for a caller that sends it with others in one round trip; read its result with receiptOf. */
export function findReceiptStatement(tenantId: string, sensorId: string, messageId: string): Statement {
  return {
    text: 'SELECT signal_count, stored, merged, duplicates FROM sensor_receipts WHERE tenant_id = $1 AND sensor_id = $2 AND message_id = $3',
    values: [tenantId, sensorId, messageId],
  };
}

/** The receipt in findReceiptStatement's result, or null. */
export function receiptOf(messageId: string, res: pg.QueryResult): Receipt | null {
  const r = res.rows[0] as { signal_count: number; stored: number; merged: number; duplicates: number } | undefined;
  return r ? { messageId, signalCount: r.signal_count, stored: r.stored, merged: r.merged, duplicates: r.duplicates } : null;
}

/** Deletes receipts committed before the cutoff, across tenants; returns how many. Runs on the owner pool. */
export async function pruneReceipts(owner: Pick<pg.Pool, 'query'>, cutoff: Date): Promise<number> {
  const res = await owner.query<{ n: string }>('SELECT quorum_prune_sensor_receipts($1) AS n', [cutoff]);
  return Number(res.rows[0]?.n ?? 0);
}
