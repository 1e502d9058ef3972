// Reading a hub's /metrics text in the benchmarks: the sum of one metric's series over all their labels.
// Pure: parses what it is given; fetching the text is the caller's.

/** The sum of every labelled series of `name` in Prometheus text (0 when it has none yet). */
export function labelledSeriesSum(text: string, name: string): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}
