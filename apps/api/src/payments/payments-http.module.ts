import { Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { AdminPaymentsController } from './admin-payments.controller';

/** The admin routes of the business's payment account: status and Connect onboarding. */
@Module({ imports: [BookingModule], controllers: [AdminPaymentsController] })
export class PaymentsHttpModule {}
