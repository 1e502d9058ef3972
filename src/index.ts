// The package's public library API for hub-side scanners and workers: write signals, validate them.
// Exports only stable contracts; everything else is internal to the hub.

export { SqlEmitter, type SignalInput, type EmitResult, type EmitterOptions } from './store/emitter.ts';
export { validateSignal, validateSignals, SIGNAL_RULES } from './ingest/wire-format.ts';
export { InvalidSignalError, QuorumError, type FieldViolation } from './errors.ts';
export type { Severity, ValidSignal, WireSignal, StoredSignal, Scope } from './types.ts';
