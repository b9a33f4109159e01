import { Global, Module } from '@nestjs/common';
import { PaymentProvider } from '@mais/domain';
import { Settings } from '@mais/settings';
import { createPaymentProvider } from './payment-provider.factory';

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
          stripeApiUrl: s.stripeApiUrl,
          publicUrl: s.publicUrl,
        }),
    },
  ],
  exports: [PaymentProvider],
})
export class PaymentsModule {}
