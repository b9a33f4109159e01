import { Module } from '@nestjs/common';
import { AdminPaymentsController } from './admin-payments.controller';

/** The admin routes of the business's payment account: status and Connect onboarding. */
@Module({ controllers: [AdminPaymentsController] })
export class PaymentsHttpModule {}
