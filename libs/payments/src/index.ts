export { StripePaymentProvider, parseStripeApiUrl } from './stripe-payment.provider';
export type { StripePaymentProviderOptions, StripeApiEndpoint } from './stripe-payment.provider';
export { SimulatedPaymentProvider, SIMULATED_REQUIREMENTS_DUE } from './simulated-payment.provider';
export type {
  SimulatedPaymentProviderOptions,
  SimulatedSessionSnapshot,
  SimulatedEventKind,
  SignedSimulatedEvent,
  SimulatedOnboardingOutcome,
} from './simulated-payment.provider';
export { createPaymentProvider, isSimulatedPaymentProvider } from './payment-provider.factory';
export type { PaymentProviderSettings } from './payment-provider.factory';
export { PaymentProviderError } from './payment-provider.error';
export type { PaymentProviderErrorDetails } from './payment-provider.error';
export { verifyStripeSignature, signStripePayload, WEBHOOK_TOLERANCE_SECONDS } from './stripe-signature';
export { CHECKOUT_METADATA_KEYS, STRIPE_METADATA_LIMITS, buildCheckoutMetadata, readCheckoutReference } from './checkout-metadata';
export type { CheckoutReference } from './checkout-metadata';
export { renderDevCheckoutPage, checkoutReturnUrl, CHECKOUT_SESSION_ID_PLACEHOLDER } from './dev-checkout.page';
export type { DevCheckoutPageParams, DevCheckoutLine } from './dev-checkout.page';
export { PaymentsModule, SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING } from './payments.module';
export { renderDevOnboardingPage } from './dev-onboarding.page';
export type { DevOnboardingPageParams } from './dev-onboarding.page';
export { readStripeNotice } from './stripe-notice';
