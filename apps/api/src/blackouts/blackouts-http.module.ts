import { Module } from '@nestjs/common';
import { AdminBlackoutsController } from './admin-blackouts.controller';

/** The admin routes of blackout dates. */
@Module({ controllers: [AdminBlackoutsController] })
export class BlackoutsHttpModule {}
