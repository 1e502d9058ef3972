// Waiting for work in flight for a bounded time: a stop's deadline, a feed consumer yielding to another.
// Only the waiting is bounded: work still running when the time is up goes on.

/** True once `work` fulfils within `ms`, false when `ms` passes first; a rejection within `ms` rejects. */
export async function finishedWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([work.then(() => true), new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}
