// The aggregator's view of message receipts: looked up before a message is queued, written inside its flush.
// Never writes a receipt outside the transaction that stores the message's signals.

import type pg from 'pg';
import { readAsTenant } from '../db/pools.ts';
import { findReceiptStatement, receiptOf, recordReceipts } from './receipt-queries.ts';
import type { ReceiptStore } from './aggregator.ts';

export function createReceiptStore(appPool: pg.Pool): ReceiptStore {
  return {
    // One round trip (tenant and lookup in one message): every sensor message with an id asks before it is queued.
    find: async (tenantId, sensorId, messageId) =>
      receiptOf(messageId, (await readAsTenant(appPool, tenantId, [findReceiptStatement(tenantId, sensorId, messageId)]))[0]!),
    record: recordReceipts,
  };
}
