// How every `quorum` command prints: aligned tables with human times (`-o table`), more columns and absolute times
// (`-o wide`), or the API's own JSON (`-o json`, stable field names for scripts). Never reformats what JSON mode prints.

export const OUTPUT_MODES = ['table', 'wide', 'json'] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

/** One column of a listing: its header, how a row fills it, and whether it shows only with `-o wide`. */
export interface Column<T> {
  header: string;
  cell: (row: T) => string | number | null | undefined;
  /** The cell is an RFC 3339 time: shown relative (`3m ago`), and absolute as well in wide mode. */
  time?: boolean;
  wide?: boolean;
  /** Longest cell in table mode (wide mode never clips). */
  clip?: number;
}

/** Rows as aligned columns under a header (the last column is not padded). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `3m ago`, `in 2h`, `just now`: the distance from now in its largest whole unit. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const ms = now.getTime() - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 5) return 'just now';
  const [n, unit] = s < 60 ? [s, 's'] : s < 3600 ? [Math.floor(s / 60), 'm'] : s < 86_400 ? [Math.floor(s / 3600), 'h'] : [Math.floor(s / 86_400), 'd'];
  return ms >= 0 ? `${n}${unit} ago` : `in ${n}${unit}`;
}

/** A time cell: relative in table mode; absolute (to the second, UTC) then relative in wide mode; `-` when absent. */
export function timeText(iso: string | null | undefined, mode: OutputMode, now: Date = new Date()): string {
  if (!iso) return '-';
  if (mode !== 'wide') return relativeTime(iso, now);
  const d = new Date(iso);
  const absolute = Number.isFinite(d.getTime()) ? `${d.toISOString().slice(0, 19)}Z` : iso;
  return `${absolute} (${relativeTime(iso, now)})`;
}

/** An end time in a one-line answer: absolute and relative (`2026-12-03T04:07:02Z (in 2h)`). */
export const until = (iso: string) => timeText(iso, 'wide');

const clip = (s: string, n: number | undefined) => (n !== undefined && s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** A listing in table or wide mode: the columns that apply, every cell as text. */
export function listing<T>(rows: T[], columns: Column<T>[], mode: OutputMode, now: Date = new Date()): string {
  const shown = columns.filter((c) => mode === 'wide' || !c.wide);
  const text = (c: Column<T>, row: T) => {
    const v = c.cell(row);
    if (c.time) return timeText(v === null || v === undefined ? null : String(v), mode, now);
    return v === null || v === undefined || v === '' ? '-' : clip(String(v), mode === 'wide' ? undefined : c.clip);
  };
  return table(shown.map((c) => c.header), rows.map((r) => shown.map((c) => text(c, r))));
}

/** `label: value` lines of one object, labels aligned (a detail view). */
export function fields(pairs: [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([l]) => l.length));
  return pairs.map(([l, v]) => `${`${l}:`.padEnd(width + 1)} ${v === null || v === undefined || v === '' ? '-' : v}`).join('\n') + '\n';
}

/** Writes `value` as JSON in json mode, else the human text; the API's answer is what JSON mode shows. */
export function emit(mode: OutputMode, value: unknown, human: () => string): void {
  process.stdout.write(mode === 'json' ? `${JSON.stringify(value, null, 2)}\n` : human());
}
