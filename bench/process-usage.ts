// CPU time and peak memory of a process, read from Linux /proc, for the benchmarks' reports.
// Reads only; a process that has exited cannot be measured.

import { readFileSync } from 'node:fs';

/** utime + stime of a process in seconds, and its peak RSS in MiB. */
export function processUsage(pid: number): { cpuSeconds: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds: ticks / 100, peakRssMiB: Math.round(Number(hwm?.[1] ?? 0) / 1024) };
}
