export { GoogleCalendarProvider } from './google-calendar.provider';
export type { GoogleCalendarProviderOptions } from './google-calendar.provider';
export { busyIntervalsToDays } from './busy-days';
export { eventIdForBooking } from './event-id';
export { CalendarModule } from './calendar.module';
