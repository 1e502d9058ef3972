// The percentile every benchmark reports: nearest rank over the sorted sample (p50, p99, …).
// Pure; NaN for an empty sample.

/** The value at percentile `p` (0–100) of `xs`, by nearest rank; NaN when `xs` is empty. */
export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]! : NaN;
}
