import { Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { AdminBlackoutsController } from './admin-blackouts.controller';

/** The admin routes of blackout dates. */
@Module({ imports: [BookingModule], controllers: [AdminBlackoutsController] })
export class BlackoutsHttpModule {}
