// The Synapse sensor protocol 1.0 on the wire: parsing of sensor → hub frames and the hub → sensor messages.
// Parses and shapes only (no I/O); every refusal is a SensorProtocolError whose code and text go back to the sensor.

import { exceedsJsonDepth } from '../core/json-depth.ts';
import { jsonValueFault } from './sensor-json.ts';
import { textFault, textFaultMessage } from '../core/text.ts';
import { DatabaseUnavailableError, InvalidSignalError, QuorumError, type CodeWithStatus, type ErrorCode, type FieldViolation } from '../core/errors.ts';
import { isDatabaseUnavailable } from '../db/sql-errors.ts';
import { checkFingerprint } from './threat-signal.ts';

export const PROTOCOL_VERSION = '1.0';
export const LEGACY_PROTOCOL_VERSION = '0.9';
export const MAX_SIGNALS_PER_BATCH = 1000;
/** Longest configHash/rulesHash a heartbeat may carry (the protocol sets none; a SHA-256 in hex is 64). */
export const MAX_HASH_CHARS = 256;

/** Bounds on what a frame may hold, from the hub's settings. */
export interface FrameLimits {
  /** Deepest nesting inside threat metadata, signal values and heartbeats (QUORUM_MAX_JSON_DEPTH). */
  maxJsonDepth: number;
  /** Largest heartbeat frame in bytes (QUORUM_SENSOR_HEARTBEAT_MAX_BYTES): it is stored on the sensor's record. */
  heartbeatMaxBytes: number;
  /** Largest command-ack frame in bytes (QUORUM_COMMAND_ACK_MAX_BYTES): its message and result are stored with the command. */
  commandAckMaxBytes: number;
}

/** Levels a signal's fields sit below the frame: message → batch array → signal. */
const ENVELOPE_DEPTH = 3;

/** A refused frame; its catalogue code goes to the sensor upper-cased (invalid_message → INVALID_MESSAGE). */
export class SensorProtocolError extends QuorumError {
  constructor(code: CodeWithStatus<400>, message: string, details: Record<string, unknown> = {}) {
    super(code, 400, message, details);
  }
}

export interface AuthPayload {
  credential: string | null;
  registrationToken: string | null;
  sensorId: string;
  sensorName: string | null;
  version: string;
  /** Missing in the frame = legacy 0.9. */
  protocolVersion: string;
  fingerprint: string | null;
  region: string | null;
  kind: string | null;
  /** Quorum extension: what the sensor says it understands (e.g. `blocklist-push`, `blocklist-update`); null when it did not say. */
  capabilities: string[] | null;
}

export interface HeartbeatPayload {
  timestamp: number;
  status: 'healthy' | 'degraded' | 'unhealthy';
  /** Quorum extension: the block-feed version of the blocklist the sensor holds. */
  blocklistVersion?: number;
  /** Quorum extension: the hash of that blocklist (docs/enforcement.md#the-hash), 64 lower-case hex digits. */
  blocklistHash?: string;
  [metric: string]: unknown;
}

/** What a `blocklist-sync` may say it holds (Quorum extension); null for a plain sync (the protocol sends none). */
export interface BlocklistSyncPayload {
  version: number;
  hash: string | null;
}

export interface CommandAck {
  commandId: string;
  success: boolean;
  message: string | null;
  result: Record<string, unknown> | null;
}

export type InboundMessage =
  | { type: 'auth'; id: string | null; payload: AuthPayload }
  | { type: 'signal'; id: string | null; payload: unknown }
  | { type: 'signal-batch'; id: string | null; payload: unknown[] }
  | { type: 'heartbeat'; id: string | null; payload: HeartbeatPayload }
  | { type: 'pong'; id: string | null }
  | { type: 'blocklist-sync'; id: string | null; payload: BlocklistSyncPayload | null }
  | { type: 'command-ack'; id: string | null; payload: CommandAck };

export const INBOUND_TYPES = ['auth', 'signal', 'signal-batch', 'heartbeat', 'pong', 'blocklist-sync', 'command-ack'] as const;

const invalid = (path: string, reason: string) => new SensorProtocolError('invalid_message', `Invalid message: ${path}: ${reason}`, { path });
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The text rule for every string a frame carries into the hub: no lone surrogate, no NUL. */
const clean = (v: string, path: string): string => {
  const fault = textFault(v);
  if (fault) throw invalid(path, textFaultMessage(fault));
  return v;
};
const optionalString = (o: Record<string, unknown>, key: string, path: string, max: number): string | null => {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length > max) throw invalid(`${path}.${key}`, `must be a string of at most ${max} characters`);
  return clean(v, `${path}.${key}`);
};

/** Parses one text frame; throws SensorProtocolError (invalid_json, invalid_message, unknown_type, batch_too_large). */
export function parseInbound(text: string, limits: FrameLimits): InboundMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SensorProtocolError('invalid_json', 'Invalid JSON');
  }
  // Bounded before anything walks the frame: no validator below may meet a value deep enough to overflow the stack.
  const maxFrameDepth = limits.maxJsonDepth + ENVELOPE_DEPTH;
  if (exceedsJsonDepth(raw, maxFrameDepth)) throw invalid('$', `must not nest deeper than ${maxFrameDepth} levels`);
  if (!isObject(raw)) throw invalid('$', 'a message must be a JSON object');
  if (typeof raw.type !== 'string') throw invalid('type', 'is required and must be a string');
  const id = messageId(raw.id);
  const type = raw.type;
  switch (type) {
    case 'auth':
      return { type, id, payload: parseAuth(raw.payload) };
    case 'signal':
      if (!isObject(raw.payload)) throw invalid('payload', 'must be a signal object');
      return { type, id, payload: raw.payload };
    case 'signal-batch':
      if (!Array.isArray(raw.payload)) throw invalid('payload', 'must be an array of signals');
      if (raw.payload.length > MAX_SIGNALS_PER_BATCH) {
        throw new SensorProtocolError('batch_too_large', `Invalid message: payload: a signal-batch holds at most ${MAX_SIGNALS_PER_BATCH} signals, this one has ${raw.payload.length}`);
      }
      return { type, id, payload: raw.payload };
    case 'heartbeat':
      if (Buffer.byteLength(text) > limits.heartbeatMaxBytes) {
        throw invalid('payload', `a heartbeat frame may be at most ${limits.heartbeatMaxBytes} bytes (QUORUM_SENSOR_HEARTBEAT_MAX_BYTES)`);
      }
      return { type, id, payload: parseHeartbeat(raw.payload, limits.maxJsonDepth) };
    case 'pong':
      return { type, id };
    case 'blocklist-sync':
      return { type, id, payload: parseBlocklistSync(raw.payload) };
    case 'command-ack':
      if (Buffer.byteLength(text) > limits.commandAckMaxBytes) {
        throw invalid('payload', `a command-ack frame may be at most ${limits.commandAckMaxBytes} bytes (QUORUM_COMMAND_ACK_MAX_BYTES)`);
      }
      return { type, id, payload: parseCommandAck(raw.payload, limits.maxJsonDepth) };
    default:
      throw new SensorProtocolError('unknown_type', `Unknown message type: ${type.slice(0, 64)}`);
  }
}

function messageId(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string' || v.length < 1 || v.length > 128) throw invalid('id', 'must be a string of 1–128 characters');
  return clean(v, 'id');
}

function parseAuth(p: unknown): AuthPayload {
  if (!isObject(p)) throw invalid('payload', 'must be an object');
  const apiKey = optionalString(p, 'apiKey', 'payload', 512);
  const token = optionalString(p, 'token', 'payload', 8192);
  const registrationToken = optionalString(p, 'registrationToken', 'payload', 512);
  if (!apiKey && !token && !registrationToken) throw invalid('payload.apiKey', 'one of apiKey, token or registrationToken is required');
  if (typeof p.sensorId !== 'string' || p.sensorId.length < 1 || p.sensorId.length > 128) throw invalid('payload.sensorId', 'must be a string of 1–128 characters');
  clean(p.sensorId, 'payload.sensorId');
  const sensorName = optionalString(p, 'sensorName', 'payload', 255);
  if (typeof p.version !== 'string' || !/^\d+\.\d+\.\d+/.test(p.version) || p.version.length > 64) throw invalid('payload.version', 'must start with MAJOR.MINOR.PATCH');
  clean(p.version, 'payload.version');
  const protocolVersion = optionalString(p, 'protocolVersion', 'payload', 32) ?? LEGACY_PROTOCOL_VERSION;
  const fingerprint = optionalString(p, 'fingerprint', 'payload', 256);
  if (fingerprint !== null) {
    const v = checkFingerprint(fingerprint, 'payload.fingerprint');
    if (v) throw invalid(v.field, v.message);
  }
  const kind = optionalString(p, 'kind', 'payload', 64);
  const capabilities = parseCapabilities(p.capabilities);
  if (kind !== null && !/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(kind)) throw invalid('payload.kind', 'must be snake_case');
  return {
    credential: apiKey ?? token, registrationToken, sensorId: p.sensorId, sensorName, version: p.version, protocolVersion,
    fingerprint, region: optionalString(p, 'region', 'payload', 64), kind, capabilities,
  };
}

// Not part of protocol 1.0, so never a reason to refuse an auth: anything but an array of short strings is ignored.
// Only compared with known names, never stored.
function parseCapabilities(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length > 32) return null;
  return v.filter((x): x is string => typeof x === 'string' && x.length <= 64);
}

const HASH = /^[0-9a-f]{64}$/;
const isVersion = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** `blocklist-sync` carries nothing in the protocol; a Quorum sensor may name the version (and hash) it holds. */
function parseBlocklistSync(p: unknown): BlocklistSyncPayload | null {
  if (p === undefined || p === null) return null;
  if (!isObject(p)) throw invalid('payload', 'must be an object {version?, hash?} when present');
  if (p.version === undefined || p.version === null) {
    if (p.hash !== undefined && p.hash !== null) throw invalid('payload.version', 'is required with payload.hash');
    return null;
  }
  if (!isVersion(p.version)) throw invalid('payload.version', 'must be an integer ≥ 0 (a block-feed version)');
  if (p.hash !== undefined && p.hash !== null && (typeof p.hash !== 'string' || !HASH.test(p.hash))) throw invalid('payload.hash', 'must be 64 lower-case hex digits (SHA-256)');
  return { version: p.version, hash: (p.hash as string | undefined) ?? null };
}

/** The optional blocklist fields of a heartbeat: checked whole, so a bad one stores nothing. */
function checkHeartbeatBlocklist(p: Record<string, unknown>): void {
  if (p.blocklistVersion !== undefined && !isVersion(p.blocklistVersion)) throw invalid('payload.blocklistVersion', 'must be an integer ≥ 0 (a block-feed version)');
  if (p.blocklistHash !== undefined && (typeof p.blocklistHash !== 'string' || !HASH.test(p.blocklistHash))) {
    throw invalid('payload.blocklistHash', 'must be 64 lower-case hex digits (SHA-256)');
  }
  if (p.blocklistHash !== undefined && p.blocklistVersion === undefined) throw invalid('payload.blocklistVersion', 'is required with payload.blocklistHash');
}

function parseHeartbeat(p: unknown, maxDepth: number): HeartbeatPayload {
  if (!isObject(p)) throw invalid('payload', 'must be an object');
  // Stored whole as the sensor's last metrics (jsonb): PostgreSQL holds neither NUL nor lone surrogates.
  const fault = jsonValueFault(p, maxDepth);
  if (fault) throw invalid('payload', fault.message);
  if (typeof p.timestamp !== 'number' || !Number.isFinite(p.timestamp)) throw invalid('payload.timestamp', 'must be milliseconds since the epoch');
  if (!['healthy', 'degraded', 'unhealthy'].includes(p.status as string)) throw invalid('payload.status', 'must be healthy, degraded or unhealthy');
  for (const k of ['cpu', 'memory', 'disk']) {
    const v = p[k];
    if (typeof v !== 'number' || v < 0 || v > 100) throw invalid(`payload.${k}`, 'must be a number from 0 to 100');
  }
  for (const k of ['requestsLastMinute', 'avgLatencyMs']) {
    const v = p[k];
    if (typeof v !== 'number' || !(v >= 0)) throw invalid(`payload.${k}`, 'must be a number ≥ 0');
  }
  for (const k of ['configHash', 'rulesHash']) {
    if (typeof p[k] !== 'string' || (p[k] as string).length > MAX_HASH_CHARS) throw invalid(`payload.${k}`, `must be a string of at most ${MAX_HASH_CHARS} characters`);
  }
  checkHeartbeatBlocklist(p);
  return p as HeartbeatPayload;
}

function parseCommandAck(p: unknown, maxDepth: number): CommandAck {
  if (!isObject(p)) throw invalid('payload', 'must be an object');
  if (typeof p.commandId !== 'string' || p.commandId.length === 0) throw invalid('payload.commandId', 'must be a non-empty string');
  clean(p.commandId, 'payload.commandId');
  if (typeof p.success !== 'boolean') throw invalid('payload.success', 'must be true or false');
  if (p.result !== undefined && p.result !== null && !isObject(p.result)) throw invalid('payload.result', 'must be an object');
  // Stored with the command (jsonb): PostgreSQL holds neither NUL nor lone surrogates.
  const fault = p.result ? jsonValueFault(p.result, maxDepth) : null;
  if (fault) throw invalid('payload.result', fault.message);
  return { commandId: p.commandId, success: p.success, message: optionalString(p, 'message', 'payload', 4096), result: (p.result as Record<string, unknown> | undefined) ?? null };
}

/** The protocol writes catalogue codes upper-cased. */
const wireCode = (code: ErrorCode): string => code.toUpperCase();

/** The `error` message for any refusal: the one place errors become protocol replies (never a stack or SQL). */
export function errorMessage(failure: unknown, id: string | null): Record<string, unknown> {
  const withId = id === null ? {} : { id };
  const err = isDatabaseUnavailable(failure) ? new DatabaseUnavailableError() : failure;
  if (err instanceof InvalidSignalError) {
    const first = err.errors[0]!;
    return {
      type: 'error', ...withId, code: wireCode(err.code),
      error: `Invalid message: ${violationPath(first)}: ${first.message}${err.errors.length > 1 ? ` (and ${err.errors.length - 1} more)` : ''}`,
      errors: err.errors,
    };
  }
  if (err instanceof QuorumError) {
    const retryAfterMs = retryAfterMsOf(err.details);
    return { type: 'error', ...withId, code: wireCode(err.code), error: err.message, ...(retryAfterMs === null ? {} : { retryAfterMs }) };
  }
  return { type: 'error', ...withId, code: wireCode('internal'), error: 'internal error; the hub logged the details' };
}

/** When to send a refused message again: errors say it in ms (backpressure) or in seconds (HTTP's Retry-After). */
function retryAfterMsOf(details: Record<string, unknown>): number | null {
  if (typeof details.retryAfterMs === 'number') return details.retryAfterMs;
  if (typeof details.retryAfterSeconds === 'number') return Math.ceil(details.retryAfterSeconds * 1000);
  return null;
}

/** `payload[3].severity` for a batch violation, `payload.severity` for a single signal. */
export function violationPath(v: FieldViolation): string {
  return v.index === undefined ? `payload.${v.field}` : `payload[${v.index}].${v.field}`;
}
