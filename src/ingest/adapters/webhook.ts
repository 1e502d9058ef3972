// The generic webhook adapter: maps any JSON event to an attack report through configured JSONPath expressions.
// Checks the optional HMAC-SHA256 signature in constant time over the raw body, before anything is parsed.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { QuorumError } from '../../core/errors.ts';
import type { WebhookSettings } from './adapter-settings.ts';
import { normalizeIp } from '../../core/cidr.ts';
import type { AttackReport } from './attack-signal.ts';
import { readJsonPath } from './jsonpath.ts';
import type { AlertOutcome } from './alertmanager.ts';

/** True when `header` (hex, optionally `sha256=`-prefixed) is the HMAC-SHA256 of the body under the secret. */
export function signatureValid(secret: string, body: Buffer, header: string | undefined): boolean {
  const m = /^(?:sha256=)?([0-9a-fA-F]{64})$/.exec((header ?? '').trim());
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = m ? Buffer.from(m[1]!, 'hex') : Buffer.alloc(expected.length);
  return timingSafeEqual(expected, given) && m !== null;
}

export function requireSignature(name: string, settings: WebhookSettings, body: Buffer, header: string | undefined): void {
  if (!settings.secret) return;
  if (!signatureValid(settings.secret, body, header)) {
    throw new QuorumError('invalid_signature', 401, `webhook "${name}" requires a valid HMAC-SHA256 signature of the body in the ${settings.signature_header} header`);
  }
}

export type MappedEvent = { outcome: Omit<AlertOutcome, 'fingerprint' | 'status'> & { id: string | null }; report: AttackReport | null };

/** Maps one event; an event without a usable victim or confidence is skipped with a reason. */
export function mapWebhookEvent(name: string, s: WebhookSettings, event: unknown, index: number): MappedEvent {
  const m = s.mapping;
  const str = (path: string | undefined) => {
    if (!path) return null;
    const v = readJsonPath(event, path);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
  };
  const id = str(m.id);
  const skip = (reason: string): MappedEvent => ({ outcome: { index, id, outcome: 'skipped', reason }, report: null });
  const rawVictim = str(m.victim);
  if (rawVictim === null) return skip(`no victim at ${m.victim}`);
  const victim = normalizeIp(rawVictim);
  if (!victim) return skip(`victim "${rawVictim}" is not an IP address`);
  const action = str(m.action);
  const ended = action !== null && s.end_actions.includes(action);
  let confidence = 1;
  if (m.confidence) {
    const raw = Number(str(m.confidence));
    if (!Number.isFinite(raw)) return skip(`no numeric confidence at ${m.confidence}`);
    confidence = raw / m.confidence_scale;
    if (confidence < 0 || confidence > 1) return skip(`confidence ${raw} / scale ${m.confidence_scale} is outside 0–1`);
  }
  const vector = str(m.vector);
  return {
    outcome: { index, id, outcome: 'stored', subject_id: victim, vector: vector ?? 'unknown', confidence },
    report: {
      source: name, signalKey: s.signal_key, victim, confidence, vector, externalId: id, ended,
      severity: null, extra: action !== null ? { action } : {}, raw: event,
      dedupKey: id ? `${id}\n${action ?? ''}` : null,
    },
  };
}
