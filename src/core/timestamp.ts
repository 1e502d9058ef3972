// The one rule for timestamps from outside: RFC 3339 with an offset within ±14:00 and a calendar date PostgreSQL accepts.
// Checked before any query so a bad time is a 400 naming its field, never PostgreSQL's 22008/22009.

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|([+-])(\d{2}):(\d{2}))$/;
const MAX_OFFSET_MINUTES = 14 * 60;

/** Milliseconds since the epoch of a valid RFC 3339 timestamp, or null when it breaks the rule. */
export function parseTimestamp(text: string): number | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  // Year 0 does not exist for PostgreSQL (1 BC); a leap second (60) is accepted by both RFC 3339 and PostgreSQL.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  if (m[9] !== undefined) {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > MAX_OFFSET_MINUTES) return null;
  }
  const ms = Date.parse(text.replace(/[Tt ]/, 'T').replace(/:60(?=[.Zz+-])/, ':59'));
  return Number.isNaN(ms) ? null : ms;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
