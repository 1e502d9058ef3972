// Reading a hub's /metrics text in the benchmarks: the sum of one metric's series over their labels.
// Pure: parses what it is given; fetching the text is the caller's.

/** The sum of the labelled series of `name` in Prometheus text (0 when it has none yet); `labels` (e.g. `consumer="x"`) picks one. */
export function labelledSeriesSum(text: string, name: string, labels = '[^}]*'): number {
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}
