// Structured logging: JSON lines by default, human-readable when writing to a terminal (or when asked).
// Never logs API key secrets, cookies, request bodies or whole objects hung on an error (a pg client is 230 lines).

import pino, { type DestinationStream, type Logger, type StreamEntry } from 'pino';
import pretty from 'pino-pretty';
import type { AuditFile } from './audit-file.ts';

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty' | 'auto';
  /** Lines marked `audit: true` (operator events that change state) are also appended here, whatever the level. */
  audit?: Pick<AuditFile, 'appendLogLine'> | null;
  /** Where the lines go instead of stdout (tests read them). */
  destination?: DestinationStream;
}

/** Whether log lines are for a person (a terminal, or asked for) rather than a log shipper. */
export const isPretty = (format: LoggerOptions['format']) => format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);

export function createLogger(opts: LoggerOptions): Logger {
  // Pretty lines are for a person at a terminal: written in order with what the hub prints itself (the key, the
  // banner), so synchronously in this thread rather than by a worker.
  const out: DestinationStream = opts.destination ?? (isPretty(opts.format)
    ? pretty({ translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true })
    : pino.destination(1));
  const options = {
    level: opts.level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'apiKey', 'key'],
    serializers: { err: errorSummary },
  };
  if (!opts.audit) return pino(options, out);
  const audit = opts.audit;
  // The audit stream hears info and above whatever QUORUM_LOG_LEVEL says, so the root level is at most info.
  const streams: StreamEntry[] = [
    { level: opts.level === 'silent' ? 'fatal' : opts.level as pino.Level, stream: opts.level === 'silent' ? { write: () => undefined } : out },
    // A cheap look first: only lines that may be marked are parsed (appendLogLine keeps those marked at the top level).
    { level: 'info', stream: { write: (line: string) => { if (line.includes('"audit":true')) audit.appendLogLine(line); } } },
  ];
  const level = pino.levels.values[opts.level] !== undefined && pino.levels.values[opts.level]! < pino.levels.values.info! ? opts.level : 'info';
  return pino({ ...options, level }, pino.multistream(streams));
}

/**
 * What a log line keeps of an error: its class, message, code and stack (and its cause's, one level). pg hangs the whole
 * client on idle-connection errors (`err.client`), and pino's default serializer would print every enumerable field.
 */
export function errorSummary(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { code?: unknown };
  const out: Record<string, unknown> = { type: e.constructor?.name ?? 'Error', message: e.message };
  if (typeof e.code === 'string' || typeof e.code === 'number') out.code = e.code;
  if (e.stack) out.stack = e.stack;
  if (e.cause instanceof Error) out.cause = { type: e.cause.constructor?.name ?? 'Error', message: e.cause.message };
  return out;
}
