// How the pages write times: a countdown to an expiry, an age since a moment. Pure, tested with exact strings.
// Never reads the clock itself: `now` is given.

/** `42m 05s`, `3h 12m`, `2d 4h`; `expired` once `until` has passed. */
export function countdown(until: string, now: number): string {
  const s = Math.floor((Date.parse(until) - now) / 1000);
  if (!(s > 0)) return 'expired';
  const d = Math.floor(s / 86_400), h = Math.floor((s % 86_400) / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  return `${m}m ${String(sec).padStart(2, '0')}s`;
}

/** `12 s ago`, `5 min ago`, `3 h ago`, `2 d ago`; `never` without a time. */
export function ago(at: string | null | undefined, now: number): string {
  if (!at) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(at)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}
