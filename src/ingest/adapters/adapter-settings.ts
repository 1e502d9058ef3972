// What the adapters read from a tenant's policy: webhook settings, confidence mappings and their defaults.
// Types and constants only; correlation-config.ts validates them as part of correlation.yaml, the adapters never do.

/** The part of a tenant's policy the adapters use (CorrelationConfig fits it). */
export interface AdapterSettings {
  sources: Record<string, { confidence_mapping: Record<string, number> }>;
  webhooks: Record<string, WebhookSettings>;
}

export interface WebhookMapping {
  victim: string;
  vector?: string;
  confidence?: string;
  /** The mapped confidence is divided by this (100 for a 0–100 score). */
  confidence_scale: number;
  id?: string;
  action?: string;
}

export interface WebhookSettings {
  /** HMAC-SHA256 key; when set, requests must carry a valid signature. */
  secret?: string;
  signature_header: string;
  signal_key: string;
  mapping: WebhookMapping;
  /** Values of `mapping.action` that mean the attack ended (the mitigation is withdrawn). */
  end_actions: string[];
}

export const DEFAULT_ALERTMANAGER_MAPPING: Record<string, number> = { critical: 0.9, warning: 0.7, info: 0.5 };
export const DEFAULT_FASTNETMON_MAPPING: Record<string, number> = { ban: 0.9, partial_block: 0.7, alert: 0.5 };
