/**
 * Calendar dates are whole days written YYYY-MM-DD, with no time zone arithmetic on the date itself.
 * "Today" is the only place a time zone enters: the tenant's today, from its IANA zone.
 */
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Today's date in an IANA time zone, e.g. todayIn('America/New_York'). */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD. Building a formatter is costly; there are few zones, so keep each.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  return format.format(now);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Adds whole days to a calendar date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Number of days from `from` to `to` (inclusive of neither end's time: to - from). */
export function daysBetween(from: string, to: string): number {
  const [a, b] = [from, to].map((s) => {
    const [y, m, d] = s.split('-').map(Number);
    return Date.UTC(y, m - 1, d);
  });
  return Math.round((b - a) / 86_400_000);
}

/** A `date` column read back from PostgreSQL as a string or a Date, as YYYY-MM-DD. */
export function toCalendarDate(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  // node-pg turns `date` into a local-midnight Date unless told otherwise; read it back in local time.
  const y = value.getFullYear();
  const m = String(value.getMonth() + 1).padStart(2, '0');
  const d = String(value.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/**
 * How far from today an event date may lie, in years, either way. Couples book one to three years ahead;
 * five leaves room for that and bounds every date a client can send, so no date arithmetic or query ever
 * meets year 9999 (or year 1).
 */
export const EVENT_DATE_HORIZON_YEARS = 5;

/** The event-date window around `today`, both ends included (29 February becomes 28 February in a common year). */
export function eventDateWindow(today: string): { earliest: string; latest: string } {
  const shift = (years: number) => {
    const [y, m, d] = today.split('-').map(Number);
    const date = new Date(Date.UTC(y + years, m - 1, d));
    if (date.getUTCDate() !== d) date.setUTCDate(0);
    return date.toISOString().slice(0, 10);
  };
  return { earliest: shift(-EVENT_DATE_HORIZON_YEARS), latest: shift(EVENT_DATE_HORIZON_YEARS) };
}

/** A calendar date inside the event-date window around `today` (ISO strings of equal length compare as dates). */
export function isWithinEventDateWindow(date: string, today: string): boolean {
  const { earliest, latest } = eventDateWindow(today);
  return date >= earliest && date <= latest;
}
