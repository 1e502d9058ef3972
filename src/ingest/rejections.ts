// Counts validation rejections by field and rule in the metrics before the error travels on.
// Never swallows the error.

import { InvalidSignalError } from '../core/errors.ts';
import type { Metrics } from '../metrics.ts';
import { SIGNAL_FIELDS } from '../core/wire-format.ts';

const KNOWN = new Set<string>([...SIGNAL_FIELDS, 'signal']);

export function countRejections<T>(metrics: Metrics, path: string, validate: () => T): T {
  try {
    return validate();
  } catch (err) {
    if (err instanceof InvalidSignalError) {
      // An unknown field is named by the sender: as a label it would let anyone grow /metrics without bound.
      for (const e of err.errors) metrics.signalsRejected.inc({ path, field: KNOWN.has(e.field) ? e.field : 'other', rule: e.rule });
    }
    throw err;
  }
}
