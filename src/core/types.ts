// Core vocabulary and shared types of Quorum; every other module speaks these words.
// Holds types only: no I/O and no behaviour lives here.
//
// Glossary
// - signal: one finding about a subject, reported by a source at a time (one row of signal_streams).
// - subject: what a signal is about, named by (subject_type, subject_id): an ip, an agent, a domain…
// - source: the detector kind that produced a signal (`cert_scan`, `synapse`, `fastnetmon`).
// - tenant: an isolated customer; every row belongs to exactly one and no tenant sees another's.
// - sensor: a connected edge detector (a WAF) that streams signals over the sensor tunnel.
// - agent: a host agent; its keys are bound to one agent id and it may only speak for itself.
// - group: signals that a correlation rule gathered within a window, keyed by (tenant, rule, group key).
// - rule: a correlation rule that selects signals and says which fields group them.
// - playbook: what a corroborated group leads to, with its own corroboration thresholds.
// - mitigation: a decision to act, e.g. block an indicator for a time, with its explanation.
// - block: an active mitigation's indicator (an IP prefix, or for sensors a fingerprint, ASN or user agent), as
//   enforced by sensors, CrowdSec bouncers and routers.
// - campaign: a pattern spanning tenants, identified without revealing who saw it (later issue).

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a block matches: an IP or CIDR prefix, or (sensors only) a TLS fingerprint, an ASN, a user agent (Synapse `blockType`). */
export const BLOCK_TYPES = ['IP', 'FINGERPRINT', 'ASN', 'USER_AGENT'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

/** Where a block came from: a corroborated group, a person, the auto-blocklist policy, a fleet rollout. */
export const BLOCK_ORIGINS = ['correlation', 'manual', 'automatic', 'fleet'] as const;
export type BlockOrigin = (typeof BLOCK_ORIGINS)[number];

/** A signal in the wire format (HTTP JSON, snake_case), before validation it is `unknown`. */
export interface WireSignal {
  source: string;
  subject_type: string;
  subject_id: string;
  signal_key: string;
  signal_value: { value: unknown; [meta: string]: unknown };
  severity: Severity | null;
  observed_at: string;
  ttl_seconds: number | null;
  signal_id?: string | null;
}

/** A validated signal ready to be stored; `observed_at` keeps the caller's exact text. */
export interface ValidSignal {
  source: string;
  subjectType: string;
  subjectId: string;
  key: string;
  value: Record<string, unknown>;
  severity: Severity | null;
  observedAt: string;
  ttlSeconds: number | null;
  signalId: string | null;
}

/** A signal as read back from the store. */
export interface StoredSignal extends WireSignal {
  id: string;
  ingested_at: string;
}

export const SCOPES = ['operator', 'admin', 'signal:write', 'signal:read', 'agent:write', 'dashboard:read', 'blocklist:read', 'mitigation:write'] as const;
export type Scope = (typeof SCOPES)[number];

/** A person's role in a tenant; each maps to scopes (ROLE_SCOPES in src/auth/roles.ts). */
export const USER_ROLES = ['viewer', 'responder', 'admin', 'operator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** Who is calling: resolved from an API key or from a logged-in user's session cookie. */
export interface Principal {
  /** The key's id, or `session:<sessionId>` for a user's session. */
  keyId: string;
  tenantId: string;
  scopes: Scope[];
  agentId: string | null;
  /** The key's own token bucket for writes, or null for the hub's default. */
  rateLimit: RateLimit | null;
  /** Set when the caller is a logged-in user (session cookie), absent for an API key. */
  user?: { id: string; username: string; role: UserRole; sessionId: string };
}

/** A token bucket: `perSecond` tokens refill each second, at most `burst` held. */
export interface RateLimit {
  perSecond: number;
  burst: number;
}
