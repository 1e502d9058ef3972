// Structured logging: JSON lines by default, human-readable when writing to a terminal (or when asked).
// Never logs API key secrets or request bodies.

import pino, { type Logger } from 'pino';

export function createLogger(opts: { level: string; format: 'json' | 'pretty' | 'auto' }): Logger {
  const pretty = opts.format === 'pretty' || (opts.format === 'auto' && process.stdout.isTTY === true);
  return pino({
    level: opts.level,
    redact: ['req.headers.authorization', 'apiKey', 'key'],
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } } } : {}),
  });
}
