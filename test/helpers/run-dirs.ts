// Where a test run keeps its PostgreSQL server and its temporary files: in memory (/dev/shm) when the machine has room
// there, else beside the checkout and in the system's temporary directory. QUORUM_TEST_DIR names another place.

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MEMORY_DIR = '/dev/shm';
/** Free room a run asks of memory before it goes there: a whole run peaked at 0.46 GiB on 7 Dec 2026. */
const MEMORY_NEEDED_BYTES = 2 * 2 ** 30;

export interface RunDirs {
  /** The shared server's directory. */
  server: string;
  /** The run's temporary directory (the files' TMPDIR). */
  temporary: string;
  /** Removes what the run left there. */
  remove(): void;
}

/** Free bytes in `dir`, or 0 when it does not exist or cannot be read. */
function freeBytes(dir: string): number {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return 0;
  }
}

/**
 * The run's directories, made now. In memory (or QUORUM_TEST_DIR) they sit under one directory named after the
 * checkout, wiped first: a run that was killed leaves nothing there for long.
 */
export function prepareRunDirs(root: string): RunDirs {
  const chosen = process.env.QUORUM_TEST_DIR ?? (freeBytes(MEMORY_DIR) >= MEMORY_NEEDED_BYTES ? MEMORY_DIR : null);
  if (chosen === null) {
    const temporary = mkdtempSync(path.join(tmpdir(), 'quorum-tests-'));
    return { server: path.join(root, '.test-pg'), temporary, remove: () => rmSync(temporary, { recursive: true, force: true, maxRetries: 5 }) };
  }
  const base = path.join(chosen, `quorum-test-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  rmSync(base, { recursive: true, force: true, maxRetries: 5 });
  mkdirSync(path.join(base, 'tmp'), { recursive: true });
  return { server: path.join(base, 'pg'), temporary: path.join(base, 'tmp'), remove: () => rmSync(base, { recursive: true, force: true, maxRetries: 5 }) };
}
