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
