// The package's public library API: the sensor SDK, the SQL emitter and the wire-format validators.
// Exports only stable contracts; nothing here starts a server or opens a connection on import.

export {
  SensorClient, type SensorClientOptions, type SensorSignal, type AckEvent, type BlocklistEntry, type ApprovalStatus, type AppliedDocument,
  type CommandAck, type CommandContext, type CommandHandler, type CommandPayload, type DocumentHandler, type PushedDocument,
} from './sdk/sensor-client.ts';
export { canonicalJson, contentHash } from './core/canonical-json.ts';
export { SqlEmitter, type SignalInput, type EmitResult, type EmitterOptions } from './store/emitter.ts';
export { validateSignal, validateSignals, SIGNAL_RULES } from './core/wire-format.ts';
export { checkThreatSignal, THREAT_SIGNAL_TYPES, type ThreatSignal } from './ingest/threat-signal.ts';
export { InvalidSignalError, QuorumError, type FieldViolation } from './core/errors.ts';
export type { Severity, ValidSignal, WireSignal, StoredSignal, Scope } from './core/types.ts';
