import { Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { AvailabilityController } from './availability.controller';

/** The widget's availability routes (AvailabilityService from BookingModule of @mais/domain). */
@Module({ imports: [BookingModule], controllers: [AvailabilityController] })
export class AvailabilityHttpModule {}
