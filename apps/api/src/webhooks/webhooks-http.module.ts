import { Module } from '@nestjs/common';
import { BookingModule } from '@mais/domain';
import { AdminWebhooksController } from './admin-webhooks.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

/** The signed Stripe webhook route, and the platform admins' view of stored events (dead letters, replay). */
@Module({ imports: [BookingModule], controllers: [StripeWebhookController, AdminWebhooksController] })
export class WebhooksHttpModule {}
