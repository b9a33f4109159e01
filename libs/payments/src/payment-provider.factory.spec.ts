import { createPaymentProvider, isSimulatedPaymentProvider } from './payment-provider.factory';
import { SimulatedPaymentProvider } from './simulated-payment.provider';
import { StripePaymentProvider } from './stripe-payment.provider';

describe(createPaymentProvider.name, () => {
  const base = { stripeWebhookSecret: 'whsec_factory_spec', publicUrl: 'http://localhost:3000' };

  it('returns the Stripe provider when a secret key is set', () => {
    const provider = createPaymentProvider({ ...base, stripeSecretKey: 'sk_test_abc', stripeApiUrl: 'http://127.0.0.1:12111' });

    expect(provider).toBeInstanceOf(StripePaymentProvider);
    expect(isSimulatedPaymentProvider(provider)).toBe(false);
  });

  it('returns the simulated provider when the secret key is absent or blank', () => {
    expect(createPaymentProvider(base)).toBeInstanceOf(SimulatedPaymentProvider);
    expect(isSimulatedPaymentProvider(createPaymentProvider({ ...base, stripeSecretKey: '  ' }))).toBe(true);
  });

  it('refuses a Stripe configuration without a webhook secret', () => {
    expect(() => createPaymentProvider({ ...base, stripeSecretKey: 'sk_test_abc', stripeWebhookSecret: '' })).toThrow(/webhook/);
  });

  it('does not expose the secret key on the provider', () => {
    const provider = createPaymentProvider({ ...base, stripeSecretKey: 'sk_test_do_not_show' });

    expect(JSON.stringify(provider)).not.toContain('sk_test_do_not_show');
    expect(Object.values(provider)).not.toContain('sk_test_do_not_show');
  });
});
