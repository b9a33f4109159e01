import { ValidationError } from '../common/domain.error';
import { daysBetween, isCalendarDate } from '../common/calendar-date';

/** Why a date cannot be booked. */
export type UnavailableReason = 'PAST' | 'BOOKED' | 'BLACKOUT' | 'CALENDAR_BUSY' | 'HELD';

/**
 * When several reasons apply, the one reported: lasting reasons before the passing one, so a blacked-out
 * date that also has an open checkout reads BLACKOUT, not HELD.
 */
export const UNAVAILABLE_REASONS: readonly UnavailableReason[] = ['PAST', 'BOOKED', 'BLACKOUT', 'CALENDAR_BUSY', 'HELD'];

/** The widest range the month view may ask for, in days (both ends included): a leap year. */
export const MAX_RANGE_DAYS = 366;

export interface Availability {
  date: string;
  available: boolean;
  reason: UnavailableReason | null;
}

export interface UnavailableDates {
  from: string;
  to: string;
  dates: { date: string; reason: UnavailableReason }[];
}

/** The reported reason among those that apply, or null. */
export function firstReason(reasons: ReadonlySet<UnavailableReason> | undefined): UnavailableReason | null {
  if (!reasons) return null;
  return UNAVAILABLE_REASONS.find((reason) => reasons.has(reason)) ?? null;
}

/** A calendar date from the outside world, or a 400 naming the field. */
export function assertCalendarDate(value: unknown, field: string): asserts value is string {
  if (!isCalendarDate(value)) throw new ValidationError(`${field} must be a date`, [{ field, message: 'must be a YYYY-MM-DD date' }]);
}

/** A range of dates, both ends included, of at most `maxDays` days. */
export function assertDateRange(from: unknown, to: unknown, maxDays: number = MAX_RANGE_DAYS): asserts to is string {
  const errors = [];
  if (!isCalendarDate(from)) errors.push({ field: 'from', message: 'must be a YYYY-MM-DD date' });
  if (!isCalendarDate(to)) errors.push({ field: 'to', message: 'must be a YYYY-MM-DD date' });
  if (errors.length) throw new ValidationError('Invalid date range', errors);
  const days = daysBetween(from as string, to as string) + 1;
  if (days < 1) throw new ValidationError('Invalid date range', [{ field: 'to', message: 'must not be before from' }]);
  if (days > maxDays) throw new ValidationError('Date range too long', [{ field: 'to', message: `the range may span at most ${maxDays} days` }]);
}
