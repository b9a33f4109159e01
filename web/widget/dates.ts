import { addDays, eventDateWindow } from '../../libs/domain/src/common/calendar-date';

export { addDays };

/** YYYY-MM of a date. */
export const monthOf = (date: string): string => date.slice(0, 7);

export function addMonths(month: string, count: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function daysInMonth(month: string): number {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).getUTCDate();
}

/** 0 = Monday … 6 = Sunday: the week starts on Monday, as in most of the world's wedding calendars. */
export function weekdayIndex(date: string): number {
  return (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
}

/** The last day a checkout accepts (a day inside the API's window, whose today is UTC's). */
export function lastBookableDay(today: string): string {
  return addDays(eventDateWindow(today).latest, -1);
}

const longDate = new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const monthTitle = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });

export const formatLongDate = (date: string): string => longDate.format(new Date(`${date}T00:00:00Z`));
export const formatMonth = (month: string): string => monthTitle.format(new Date(`${month}-01T00:00:00Z`));
