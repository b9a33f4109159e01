import { Module } from '@nestjs/common';
import { AdminCalendarController } from './admin-calendar.controller';

/** The HTTP face of @mais/calendar's settings (its services come from the global CalendarModule). */
@Module({ controllers: [AdminCalendarController] })
export class CalendarHttpModule {}
