import { Module } from '@nestjs/common';
import { BookingModule, CheckoutOptions, CheckoutService } from '@mais/domain';
import { Settings } from '@mais/settings';
import { CatalogModule } from '../catalog/catalog.module';
import { LimitsModule } from '../limits/limits.module';
import { AdminBookingsController } from './admin-bookings.controller';
import { AdminHoldsController } from './admin-holds.controller';
import { CheckoutController, CheckoutStatusController } from './checkout.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/**
 * Bookings over HTTP: checkout (held dates, idempotency, hold limits), a checkout's progress, and the admin
 * routes of bookings and holds. CheckoutService is provided here, the one place (only the API starts
 * checkouts), and exported for the simulated payment page.
 */
@Module({
  imports: [BookingModule, CatalogModule, LimitsModule],
  controllers: [CheckoutController, CheckoutStatusController, AdminBookingsController, AdminHoldsController],
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
  exports: [CheckoutService],
})
export class BookingHttpModule {}
