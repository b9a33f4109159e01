/**
 * How long a widget read may be cached. Answers that depend on "today" (display rules, past dates) switch
 * at the tenant's midnight, and every time zone's midnight falls on a UTC quarter hour: an entry that never
 * outlives the current quarter hour never shows yesterday's answer.
 */
export function untilNextQuarterHourSeconds(maxSeconds = 300, now = Date.now()): number {
  const quarter = 15 * 60 * 1000;
  return Math.max(1, Math.min(maxSeconds, Math.floor((quarter - (now % quarter)) / 1000)));
}

/** Holds expire by the clock, not by a write: a month view showing one is kept only briefly. */
export const HELD_DATES_TTL_SECONDS = 15;
