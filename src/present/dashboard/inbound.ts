// Parses one client frame of /ws/dashboard into a typed message, or throws a catalogue error naming what is wrong.
// Pure: never touches a session; every refusal is a QuorumError the connection turns into an `error` frame.

import { QuorumError } from '../../core/errors.ts';
import { DASHBOARD_TOPICS, type ClientMessage, type DashboardTopic } from './protocol.ts';
import { isUuid } from '../../core/uuid.ts';

const MAX_KEY_CHARS = 512;
const MAX_STREAM_ID_CHARS = 64;

const invalid = (message: string) => new QuorumError('invalid_message', 400, `Invalid message: ${message}`);

type Payload = Record<string, unknown>;
type Parser = (p: Payload) => ClientMessage;

/** How each client message type's payload is checked; the table's keys are the types the hub takes. */
const PARSERS: Record<ClientMessage['type'], Parser> = {
  auth: (p) => {
    onlyFields(p, ['apiKey', 'tenantId']);
    const apiKey = optionalString(p, 'apiKey', MAX_KEY_CHARS);
    const tenantId = optionalString(p, 'tenantId', 36);
    if (tenantId !== undefined && !isUuid(tenantId)) throw invalid('payload.tenantId: must be a tenant id (a UUID)');
    return { type: 'auth', payload: { ...(apiKey !== undefined ? { apiKey } : {}), ...(tenantId !== undefined ? { tenantId: tenantId.toLowerCase() } : {}) } };
  },
  subscribe: (p) => ({ type: 'subscribe', payload: { topic: topicOf(p) } }),
  unsubscribe: (p) => ({ type: 'unsubscribe', payload: { topic: topicOf(p) } }),
  'request-snapshot': (p) => (onlyFields(p, []), { type: 'request-snapshot' }),
  resume: (p) => {
    onlyFields(p, ['streamId', 'lastSequenceId']);
    const streamId = optionalString(p, 'streamId', MAX_STREAM_ID_CHARS);
    if (streamId === undefined) throw invalid('payload.streamId: required (the streamId of auth-success)');
    const last = p.lastSequenceId;
    if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 0) throw invalid('payload.lastSequenceId: must be an integer ≥ 0');
    return { type: 'resume', payload: { streamId, lastSequenceId: last } };
  },
  ping: (p) => (onlyFields(p, []), { type: 'ping' }),
};

/** The message a text frame carries; throws invalid_json, invalid_message or unknown_type. */
export function parseClientMessage(text: string): ClientMessage {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new QuorumError('invalid_json', 400, 'Invalid JSON: the frame is not a JSON document');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid('$: must be an object {type, payload?}');
  const { type, payload, ...rest } = raw as Payload;
  if (typeof type !== 'string') throw invalid('type: required, a string');
  if (!Object.hasOwn(PARSERS, type)) throw new QuorumError('unknown_type', 400, `Unknown message type: ${type.slice(0, 64)}`);
  const extra = Object.keys(rest).filter((k) => k !== 'id' && k !== 'timestamp');
  if (extra.length) throw invalid(`${extra[0]!.slice(0, 64)}: not a field of a client message (type, payload)`);
  if (payload !== undefined && (typeof payload !== 'object' || payload === null || Array.isArray(payload))) throw invalid('payload: must be an object');
  return PARSERS[type as ClientMessage['type']]((payload ?? {}) as Payload);
}

function topicOf(p: Payload): DashboardTopic {
  onlyFields(p, ['topic']);
  const topic = p.topic;
  if (typeof topic !== 'string' || !(DASHBOARD_TOPICS as readonly string[]).includes(topic)) {
    throw invalid(`payload.topic: must be one of ${DASHBOARD_TOPICS.join(', ')}`);
  }
  return topic as DashboardTopic;
}

function optionalString(p: Payload, field: string, maxChars: number): string | undefined {
  const v = p[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0 || v.length > maxChars) throw invalid(`payload.${field}: must be a string of 1 to ${maxChars} characters`);
  return v;
}

function onlyFields(p: Payload, allowed: string[]): void {
  const extra = Object.keys(p).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw invalid(`payload.${extra.slice(0, 64)}: not a field of this message${allowed.length ? ` (${allowed.join(', ')})` : ''}`);
}
