// The package's public API: the sensor SDK, the SQL emitter and the wire-format validator.
// Exports only; nothing here starts a server or opens a connection on import.

export { SensorClient, type SensorClientOptions, type SensorSignal, type AckEvent, type BlocklistEntry } from './sdk/sensor-client.ts';
export { SqlEmitter, type SignalInput, type EmitResult, type EmitterOptions } from './store/emitter.ts';
export { validateSignal, validateSignals } from './ingest/wire-format.ts';
export { checkThreatSignal, THREAT_SIGNAL_TYPES, type ThreatSignal } from './ingest/threat-signal.ts';
