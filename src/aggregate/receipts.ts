// The aggregator's view of message receipts: looked up before a message is queued, written inside its flush.
// Never writes a receipt outside the transaction that stores the message's signals.

import type pg from 'pg';
import { withTenant } from '../db/pools.ts';
import { findReceipt, insertReceipts } from './receipt-queries.ts';
import type { ReceiptStore } from './aggregator.ts';

export function createReceiptStore(appPool: pg.Pool): ReceiptStore {
  return {
    find: (tenantId, sensorId, messageId) => withTenant(appPool, tenantId, (client) => findReceipt(client, tenantId, sensorId, messageId)),
    insert: insertReceipts,
  };
}
