import { Module } from '@nestjs/common';
import { CalendarProvider } from '@mais/domain';
import { Settings } from '@mais/settings';
import { CalendarSettingsService } from './calendar-settings.service';
import { CalendarSyncService } from './calendar-sync.service';
import { GoogleCalendarProvider } from './google-calendar.provider';

/**
 * Provides the CalendarProvider port (Google; each tenant brings its own credentials) and the services
 * over it: settings (API) and sync (worker jobs). Needs the global database, tenancy and jobs modules.
 */
@Module({
  providers: [
    { provide: CalendarProvider, inject: [Settings], useFactory: (s: Settings) => new GoogleCalendarProvider({ googleApiUrl: s.googleApiUrl }) },
    CalendarSettingsService,
    CalendarSyncService,
  ],
  exports: [CalendarProvider, CalendarSettingsService, CalendarSyncService],
})
export class CalendarModule {}
