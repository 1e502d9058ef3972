// CPU time and peak memory of a process, read from Linux /proc, for the benchmarks' reports.
// Reads only; a process that has exited cannot be measured.

import { readdirSync, readFileSync } from 'node:fs';

/** utime + stime of a process in seconds, and its peak RSS in MiB. */
export function processUsage(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / 100, peakRssMiB: Math.round(Number(hwm?.[1] ?? 0) / 1024) };
}

/** CPU ticks per process of the PostgreSQL server whose data dir is `dataDir` and of its backends (Linux /proc). */
export function postgresTicks(dataDir: string): Map<string, number> {
  const procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return '';
    }
  };
  const postmaster = procs.find((pid) => read(`/proc/${pid}/cmdline`).includes(dataDir));
  const ticks = new Map<string, number>();
  for (const pid of procs) {
    const stat = read(`/proc/${pid}/stat`);
    if (!stat) continue;
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (pid === postmaster || f[1] === postmaster) ticks.set(pid, Number(f[11]) + Number(f[12]));
  }
  return ticks;
}

/** CPU seconds PostgreSQL spent since `before`; a lower bound, as backends that exit meanwhile take their time with them. */
export function postgresCpuSince(dataDir: string, before: Map<string, number>): number {
  let ticks = 0;
  for (const [pid, t] of postgresTicks(dataDir)) ticks += t - (before.get(pid) ?? 0);
  return ticks / 100;
}
