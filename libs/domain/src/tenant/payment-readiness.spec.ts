import { paymentReadiness, unknownPaymentStatus } from './payment-readiness';

const tenant = (changes: Partial<Parameters<typeof paymentReadiness>[0]> = {}) => ({ ...unknownPaymentStatus(), stripeAccountId: 'acct_1', ...changes });

describe(paymentReadiness.name, () => {
  it('trusts an account nothing was heard about, and one whose charges are enabled', () => {
    expect(paymentReadiness(tenant(), false)).toEqual({ ready: true, missing: [] });
    expect(paymentReadiness(tenant({ chargesEnabled: true }), false)).toEqual({ ready: true, missing: [] });
  });

  it('needs a connected account with Stripe, not with simulated payments', () => {
    expect(paymentReadiness(tenant({ stripeAccountId: null }), false)).toEqual({ ready: false, missing: ['A connected payment account: start onboarding'] });
    expect(paymentReadiness(tenant({ stripeAccountId: null }), true)).toEqual({ ready: true, missing: [] });
  });

  it('lists what the provider still needs when charges are disabled, or says why when it listed nothing', () => {
    expect(paymentReadiness(tenant({ chargesEnabled: false, paymentRequirementsDue: ['external_account'] }), true)).toEqual({
      ready: false,
      missing: ['Stripe needs: external_account'],
    });
    expect(paymentReadiness(tenant({ chargesEnabled: false, paymentsDisabledReason: 'rejected.fraud' }), false).missing).toEqual([
      'Charges are not enabled on the payment account (rejected.fraud)',
    ]);
    expect(paymentReadiness(tenant({ chargesEnabled: false }), false).missing).toEqual(['Charges are not enabled on the payment account']);
  });

  it('refuses a disconnected account whatever else was said', () => {
    expect(paymentReadiness(tenant({ chargesEnabled: true, paymentsDisconnectedAt: new Date() }), true)).toEqual({
      ready: false,
      missing: ['The payment account was disconnected: connect it again (onboarding)'],
    });
  });
});
