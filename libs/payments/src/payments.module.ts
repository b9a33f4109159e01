import { Global, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { PaymentProvider } from '@mais/domain';
import { Settings } from '@mais/settings';
import { createPaymentProvider } from './payment-provider.factory';

/** The warning a production process logs at every boot while SIMULATED_PAYMENTS=true. */
export const SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING =
  'SIMULATED_PAYMENTS=true in production: no money is taken, and anyone with a checkout link can confirm a booking ' +
  'without paying (/v1/dev/checkout). Set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET and remove SIMULATED_PAYMENTS for real payments.';

/** Provides the PaymentProvider port: Stripe when STRIPE_SECRET_KEY is set, else the simulated provider. */
@Global()
@Module({
  providers: [
    {
      provide: PaymentProvider,
      inject: [Settings],
      useFactory: (s: Settings) =>
        createPaymentProvider({
          stripeSecretKey: s.stripeSecretKey,
          stripeWebhookSecret: s.stripeWebhookSecret,
          stripeConnectWebhookSecret: s.stripeConnectWebhookSecret,
          stripeConnectAccountType: s.stripeConnectAccountType,
          stripeApiUrl: s.stripeApiUrl,
          publicUrl: s.publicUrl,
        }),
    },
  ],
  exports: [PaymentProvider],
})
export class PaymentsModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Payments');

  constructor(private readonly settings: Settings) {}

  /** After the app's logger is in place, so the warning reaches the process's logs at every boot. */
  onApplicationBootstrap(): void {
    if (this.settings.isProduction && this.settings.simulatedPayments) this.logger.warn(SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING);
  }
}
