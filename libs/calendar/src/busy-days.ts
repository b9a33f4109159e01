import { addDays, BusyInterval, todayIn } from '@mais/domain';

/**
 * The calendar days (YYYY-MM-DD, in `timeZone`) that busy intervals touch, sorted and unique. The end
 * is exclusive: an interval ending exactly at midnight leaves the next day free, so an all-day event
 * (midnight to midnight in the calendar's zone) marks exactly its own day.
 */
export function busyIntervalsToDays(intervals: readonly BusyInterval[], timeZone: string): string[] {
  const days = new Set<string>();
  for (const { start, end } of intervals) {
    if (!(end.getTime() > start.getTime())) continue;
    const last = todayIn(timeZone, new Date(end.getTime() - 1));
    for (let day = todayIn(timeZone, start); day <= last; day = addDays(day, 1)) days.add(day);
  }
  return [...days].sort();
}
