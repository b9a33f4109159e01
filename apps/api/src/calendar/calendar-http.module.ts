import { Module } from '@nestjs/common';
import { CalendarModule } from '@mais/calendar';
import { AdminCalendarController } from './admin-calendar.controller';

/** The HTTP face of @mais/calendar's settings. */
@Module({ imports: [CalendarModule], controllers: [AdminCalendarController] })
export class CalendarHttpModule {}
