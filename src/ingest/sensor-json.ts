// The depth bound and the text rule on a JSON value a sensor sends (threat metadata, native signal values, heartbeats).
// Pure and stack-safe: depth is bounded first (iteratively), so the text walk below it is bounded too.

import { exceedsJsonDepth } from '../core/json-depth.ts';
import { firstJsonTextFault } from '../core/json-text.ts';
import { textFaultMessage } from '../core/text.ts';

/** Rule names of text faults, as the wire format names them (`quorum_signals_rejected_total{rule}`). */
const TEXT_FAULT_RULES = { lone_surrogate: 'well_formed', nul: 'no_nul' } as const;

/** What is wrong with a JSON value: the rule (`max_depth`, `well_formed`, `no_nul`) and a sentence naming where. */
export function jsonValueFault(value: unknown, maxDepth: number): { rule: string; message: string } | null {
  if (exceedsJsonDepth(value, maxDepth)) return { rule: 'max_depth', message: `must not nest deeper than ${maxDepth} levels` };
  const fault = firstJsonTextFault(value);
  if (!fault) return null;
  return { rule: TEXT_FAULT_RULES[fault.fault], message: `${textFaultMessage(fault.fault)}${fault.path ? ` (at ${fault.path.slice(0, 200)})` : ''}` };
}
