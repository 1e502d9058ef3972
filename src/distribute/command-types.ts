// The fleet command types of Synapse protocol 1.0 and how each is delivered: its timeout per attempt and its attempts.
// Defaults follow the protocol's upstream hub; a hub may override them (QUORUM_COMMAND_* settings).

export const COMMAND_TYPES = ['push_config', 'push_rules', 'restart', 'collect_diagnostics', 'update', 'sync_blocklist', 'toggle_chaos', 'toggle_mtd'] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export const COMMAND_STATUSES = ['pending', 'sent', 'succeeded', 'failed', 'timed_out', 'expired', 'cancelled'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** The statuses a command never leaves. */
export const FINISHED_STATUSES: readonly CommandStatus[] = ['succeeded', 'failed', 'timed_out', 'expired', 'cancelled'];

export interface DeliveryPolicy {
  timeoutMs: number;
  maxAttempts: number;
}

export const DEFAULT_DELIVERY: Record<CommandType, DeliveryPolicy> = {
  restart: { timeoutMs: 60_000, maxAttempts: 2 },
  collect_diagnostics: { timeoutMs: 120_000, maxAttempts: 2 },
  push_config: { timeoutMs: 30_000, maxAttempts: 3 },
  push_rules: { timeoutMs: 30_000, maxAttempts: 3 },
  update: { timeoutMs: 300_000, maxAttempts: 3 },
  sync_blocklist: { timeoutMs: 30_000, maxAttempts: 3 },
  toggle_chaos: { timeoutMs: 10_000, maxAttempts: 3 },
  toggle_mtd: { timeoutMs: 10_000, maxAttempts: 3 },
};

/** The delivery of each type: the defaults with QUORUM_COMMAND_DELIVERY's `type=timeoutMs:attempts` entries over them. */
export function deliverySettings(entries: string[]): Record<CommandType, DeliveryPolicy> {
  const out = { ...DEFAULT_DELIVERY };
  for (const entry of entries) {
    const m = /^([a-z_]+)=(\d{1,10}):(\d{1,2})$/.exec(entry.trim());
    if (!m || !(COMMAND_TYPES as readonly string[]).includes(m[1]!)) throw new Error(`QUORUM_COMMAND_DELIVERY entries are <command type>=<timeout ms>:<attempts>, got ${entry}`);
    const type = m[1] as CommandType;
    const timeoutMs = Number(m[2]);
    const maxAttempts = Number(m[3]);
    if (timeoutMs < 100 || timeoutMs > 86_400_000 || maxAttempts < 1 || maxAttempts > 10) {
      throw new Error(`QUORUM_COMMAND_DELIVERY: ${type} needs a timeout from 100 to 86400000 ms and 1 to 10 attempts, got ${entry}`);
    }
    out[type] = { timeoutMs, maxAttempts };
  }
  return out;
}
