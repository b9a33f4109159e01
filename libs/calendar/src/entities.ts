import { CalendarSettings } from './calendar-settings.entity';
import { CalendarBusyDay } from './calendar-busy-day.entity';

/** A tenant's calendar connection and the busy days read from it: this library's tables, gathered with the others' by libs/database. */
export const CALENDAR_ENTITIES = [CalendarSettings, CalendarBusyDay];
