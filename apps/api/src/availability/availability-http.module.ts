import { Module } from '@nestjs/common';
import { AvailabilityController } from './availability.controller';

/** The widget's availability routes (AvailabilityService comes from the global BookingModule of @mais/domain). */
@Module({ controllers: [AvailabilityController] })
export class AvailabilityHttpModule {}
