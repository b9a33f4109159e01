import { Global, Module } from '@nestjs/common';
import { CalendarProvider } from '@mais/domain';
import { Settings } from '@mais/settings';
import { GoogleCalendarProvider } from './google-calendar.provider';

/** Provides the CalendarProvider port (Google; each tenant brings its own credentials). */
@Global()
@Module({
  providers: [{ provide: CalendarProvider, inject: [Settings], useFactory: (s: Settings) => new GoogleCalendarProvider({ googleApiUrl: s.googleApiUrl }) }],
  exports: [CalendarProvider],
})
export class CalendarModule {}
