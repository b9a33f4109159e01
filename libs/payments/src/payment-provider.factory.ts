import type { PaymentProvider } from '@mais/domain';
import { SimulatedPaymentProvider } from './simulated-payment.provider';
import { StripePaymentProvider } from './stripe-payment.provider';

export interface PaymentProviderSettings {
  /** STRIPE_SECRET_KEY; when blank or absent, payments are simulated. */
  stripeSecretKey?: string;
  stripeWebhookSecret: string;
  /** STRIPE_CONNECT_WEBHOOK_SECRET: a second endpoint's secret, for Connect events sent there. */
  stripeConnectWebhookSecret?: string;
  /** STRIPE_CONNECT_ACCOUNT_TYPE: what onboarding creates. */
  stripeConnectAccountType?: 'express' | 'standard' | 'custom';
  /** STRIPE_API_URL, to point the Stripe client at a local fake. */
  stripeApiUrl?: string;
  /** PUBLIC_URL: where the simulated checkout page is served. */
  publicUrl: string;
  stripeMaxNetworkRetries?: number;
}

/** The Stripe provider when a secret key is configured, else the simulated one. */
export function createPaymentProvider(settings: PaymentProviderSettings): StripePaymentProvider | SimulatedPaymentProvider {
  const secretKey = settings.stripeSecretKey?.trim();
  if (secretKey) {
    return new StripePaymentProvider({
      secretKey,
      webhookSecret: settings.stripeWebhookSecret,
      connectWebhookSecret: settings.stripeConnectWebhookSecret,
      connectAccountType: settings.stripeConnectAccountType,
      apiUrl: settings.stripeApiUrl,
      maxNetworkRetries: settings.stripeMaxNetworkRetries,
    });
  }
  return new SimulatedPaymentProvider({ webhookSecret: settings.stripeWebhookSecret, publicUrl: settings.publicUrl });
}

/** Narrows an injected PaymentProvider to the simulated one, for the dev checkout routes. */
export function isSimulatedPaymentProvider(provider: PaymentProvider): provider is SimulatedPaymentProvider {
  return provider instanceof SimulatedPaymentProvider;
}
