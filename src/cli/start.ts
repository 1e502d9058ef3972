// `quorum start`: the hub in this process, with its logger and audit file, until a signal stops it.
// Loaded only when the command runs: every other command starts without the hub, its logger or the embedded server.

import { ConfigError, type Config } from '../config/config.ts';
import { createLogger, isPretty } from '../logger.ts';
import { openAuditFile } from '../audit-file.ts';
import { bannerText } from '../hub/banner.ts';
import { startHub } from '../hub.ts';
import { releaseEmbeddedSignalHandlers } from '../db/embedded.ts';

/** Starts the hub on `config` and hands SIGINT, SIGTERM and SIGHUP to its graceful stop. */
export async function runStart(config: Config): Promise<void> {
  const auditFile = config.auditLogPath ? await openAuditFile({
    path: config.auditLogPath, maxBufferBytes: config.auditLogBufferBytes,
    onDrop: (reason, err) => logger.warn({ reason, err, file: config.auditLogPath }, 'audit file lines dropped (quorum_audit_file_dropped_total counts them)'),
  }).catch((err: Error) => {
    throw new ConfigError(`auditLogPath (QUORUM_AUDIT_LOG) cannot be opened for appending: ${err.message}`);
  }) : null;
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, audit: auditFile });
  const hub = await startHub(config, logger, undefined, { auditFile });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down (again to force)');
    // A second Ctrl-C ends the process at once; the next start stops the database server it left behind.
    process.once(signal, () => process.exit(130));
    hub.stop().then(() => auditFile?.close()).then(() => process.exit(0), (err) => {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    });
  };
  // The hub stops itself from here on: until now a signal stopped the embedded server at once (fast shutdown, every
  // connection cut) while the hub was still using it. Nothing slow may come between "listening" and this.
  releaseEmbeddedSignalHandlers();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => shutdown(signal));
  // A person gets the banner as aligned text; a log shipper gets the same facts as one JSON line. A stop that
  // began meanwhile may have closed the database under it: the banner is then left out.
  const facts = await hub.facts().catch((err: Error) => void logger.warn({ err }, 'the start-up banner could not be read'));
  if (!facts) return;
  if (isPretty(config.logFormat)) process.stdout.write(bannerText(facts));
  else logger.info(facts, 'where everything is');
}
