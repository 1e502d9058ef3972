// Counts validation rejections by field and rule in the metrics before the error travels on.
// Never swallows the error.

import { InvalidSignalError } from '../errors.ts';
import type { Metrics } from '../metrics.ts';

export function countRejections<T>(metrics: Metrics, path: string, validate: () => T): T {
  try {
    return validate();
  } catch (err) {
    if (err instanceof InvalidSignalError) {
      for (const e of err.errors) metrics.signalsRejected.inc({ path, field: e.field, rule: e.rule });
    }
    throw err;
  }
}
