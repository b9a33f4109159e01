import { Module } from '@nestjs/common';
import { AdminWebhooksController } from './admin-webhooks.controller';
import { StripeWebhookController } from './stripe-webhook.controller';

/** The signed Stripe webhook route, and the platform admins' view of stored events (dead letters, replay). */
@Module({ controllers: [StripeWebhookController, AdminWebhooksController] })
export class WebhooksHttpModule {}
