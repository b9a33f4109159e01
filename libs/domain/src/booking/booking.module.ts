import { Module } from '@nestjs/common';
import { PaymentAccountService } from '../tenant/payment-account.service';
import { WebhookAdminService } from '../webhooks/webhook-admin.service';
import { WebhookIngestionService } from '../webhooks/webhook-ingestion.service';
import { WebhookProcessingService } from '../webhooks/webhook-processing.service';
import { AvailabilityService } from './availability.service';
import { BlackoutService } from './blackout.service';
import { BookingService } from './booking.service';
import { PaidCheckoutBatch } from './paid-checkout-batch';
import { CheckoutCompletionService } from './checkout-completion.service';
import { IdempotencyService } from './idempotency.service';

const SERVICES = [
  AvailabilityService,
  BlackoutService,
  BookingService,
  CheckoutCompletionService,
  PaidCheckoutBatch,
  IdempotencyService,
  WebhookIngestionService,
  WebhookProcessingService,
  WebhookAdminService,
  PaymentAccountService,
];

/**
 * The booking pipeline's services, shared by the API and the worker (the same services in both apps): imported by
 * the feature modules that use them. Needs what the runtime provides globally: MikroORM, CurrentTenant,
 * PaymentProvider, JobQueue, the outbox (OutboxModule).
 * CheckoutService is not here: it needs the API's CheckoutOptions and only the API starts checkouts.
 */
@Module({ providers: SERVICES, exports: SERVICES })
export class BookingModule {}
