// The optional audit file (QUORUM_AUDIT_LOG): JSON lines of every state change, appended for a SIEM to ship.
// Never blocks a caller: lines wait in a bounded buffer, a full buffer drops (and counts) new lines rather than wait.

import { open, stat, type FileHandle } from 'node:fs/promises';

export interface AuditFile {
  /** Queues one record (an object with `event`); `at` is added when absent. */
  append(record: Record<string, unknown>): void;
  /** Queues one operator-event log line (pino JSON with `"audit":true`), reshaped like `append`'s records. */
  appendLogLine(line: string): void;
  /** Lines dropped so far because the buffer was full or the file could not be written. */
  dropped(): number;
  /** Resolves once everything queued so far is on disk (or dropped). */
  flushed(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditFileOptions {
  path: string;
  /** Bytes queued at most; beyond this new lines are dropped. */
  maxBufferBytes: number;
  /** Told once per burst of drops (the first line dropped after lines were written again). */
  onDrop?: (reason: 'buffer_full' | 'write_failed', err?: unknown) => void;
}

/** Pino's bookkeeping that a SIEM does not need in the audit file. */
const LOG_ONLY_FIELDS = ['level', 'time', 'pid', 'hostname', 'audit'];

/**
 * Opens (creates, mode 0600) the file for appending. Rotation: before each write the path's inode is compared with the
 * open file's; a file renamed or removed by logrotate is closed and the path opened afresh (no signal needed).
 */
export async function openAuditFile(opts: AuditFileOptions): Promise<AuditFile> {
  let handle: FileHandle = await open(opts.path, 'a', 0o600);
  let inode = (await handle.stat()).ino;
  let queue: string[] = [];
  let queuedBytes = 0;
  let droppedLines = 0;
  let dropping = false;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;

  const drop = (reason: 'buffer_full' | 'write_failed', lines: number, err?: unknown) => {
    droppedLines += lines;
    if (!dropping) opts.onDrop?.(reason, err);
    dropping = true;
  };

  /** Reopens the path when logrotate moved or removed the file we hold. */
  async function followRotation(): Promise<void> {
    const current = await stat(opts.path).then((s) => s.ino, (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (current === inode) return;
    await handle.close().catch(() => undefined);
    handle = await open(opts.path, 'a', 0o600);
    inode = (await handle.stat()).ino;
  }

  async function writeQueued(): Promise<void> {
    while (queue.length > 0) {
      const lines = queue;
      queue = [];
      queuedBytes = 0;
      try {
        await followRotation();
        await handle.appendFile(lines.join(''));
        dropping = false;
      } catch (err) {
        drop('write_failed', lines.length, err);
      }
    }
  }

  function enqueue(line: string): void {
    if (closed) return;
    const bytes = Buffer.byteLength(line);
    if (queuedBytes + bytes > opts.maxBufferBytes) return drop('buffer_full', 1);
    queue.push(line);
    queuedBytes += bytes;
    // One writer at a time: the next round picks up whatever arrived while this one wrote.
    if (queue.length === 1) writing = writing.then(writeQueued);
  }

  return {
    append(record) {
      enqueue(`${JSON.stringify({ at: new Date().toISOString(), ...record })}\n`);
    },
    appendLogLine(line) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        // Never the case for pino's own lines; the line is kept as it came rather than lost or thrown into the logger.
        return enqueue(line.endsWith('\n') ? line : `${line}\n`);
      }
      // Only a line marked at its top level is an audit record (a nested `audit: true` in logged data is not).
      if (parsed.audit !== true) return;
      const record: Record<string, unknown> = { at: new Date(Number(parsed.time)).toISOString() };
      for (const [k, v] of Object.entries(parsed)) if (!LOG_ONLY_FIELDS.includes(k)) record[k] = v;
      enqueue(`${JSON.stringify(record)}\n`);
    },
    dropped: () => droppedLines,
    flushed: () => writing,
    async close() {
      closed = true;
      await writing;
      await handle.close();
    },
  };
}
