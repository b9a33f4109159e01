import { DynamicModule, Module } from '@nestjs/common';
import { BookingModule, CheckoutOptions, CheckoutService } from '@mais/domain';
import { Settings } from '@mais/settings';
import { AvailabilityController } from '../availability/availability.controller';
import { AdminBlackoutsController } from '../blackouts/admin-blackouts.controller';
import { CatalogModule } from '../catalog/catalog.module';
import { LimitsModule } from '../limits/limits.module';
import { DevCheckoutController } from '../dev-checkout/dev-checkout.controller';
import { AdminWebhooksController } from '../webhooks/admin-webhooks.controller';
import { StripeWebhookController } from '../webhooks/stripe-webhook.controller';
import { AdminBookingsController } from './admin-bookings.controller';
import { AdminHoldsController } from './admin-holds.controller';
import { CheckoutController, CheckoutStatusController } from './checkout.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * The HTTP face of the booking pipeline: availability, checkout, the Stripe webhook, admin bookings,
 * blackouts and the webhook dead-letter view, and, with simulated payments only, the dev checkout page.
 */
@Module({})
export class BookingHttpModule {
  /**
   * `settings.simulatedPayments` decides whether the dev checkout routes exist at all (and so whether they are
   * in the OpenAPI document); unknown settings, they are registered and answer 404 unless payments are simulated.
   */
  static forRoot(settings?: Settings): DynamicModule {
    const simulatedPayments = settings?.simulatedPayments ?? true;
    return {
      module: BookingHttpModule,
      imports: [BookingModule, CatalogModule, LimitsModule],
      controllers: [
        AvailabilityController,
        CheckoutController,
        CheckoutStatusController,
        AdminBookingsController,
        AdminHoldsController,
        AdminBlackoutsController,
        StripeWebhookController,
        AdminWebhooksController,
        ...(simulatedPayments ? [DevCheckoutController] : []),
      ],
      providers: [
        CheckoutService,
        IdempotencyInterceptor,
        {
          provide: CheckoutOptions,
          inject: [Settings],
          useFactory: (s: Settings): CheckoutOptions => ({
            expiryMinutes: s.checkoutExpiryMinutes,
            defaultSuccessUrl: `${s.publicUrl}/?checkout=success&session_id={CHECKOUT_SESSION_ID}`,
            defaultCancelUrl: `${s.publicUrl}/?checkout=cancelled`,
          }),
        },
      ],
    };
  }
}
