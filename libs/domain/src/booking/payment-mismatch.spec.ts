import { isPaymentMismatchReason, paymentMismatch, PAYMENT_MISMATCH_REASONS } from './payment-mismatch';

describe(paymentMismatch.name, () => {
  const hold = { totalCents: 12001, currency: 'usd' };

  it('accepts the exact total in the same currency, whatever its case', () => {
    expect(paymentMismatch(hold, { amountTotalCents: 12001, currency: 'usd' })).toBeNull();
    expect(paymentMismatch(hold, { amountTotalCents: 12001, currency: 'USD' })).toBeNull();
  });

  it('refuses a total one cent off either way, or missing, as AMOUNT_MISMATCH', () => {
    expect(paymentMismatch(hold, { amountTotalCents: 12000, currency: 'usd' })).toBe('AMOUNT_MISMATCH');
    expect(paymentMismatch(hold, { amountTotalCents: 12002, currency: 'usd' })).toBe('AMOUNT_MISMATCH');
    expect(paymentMismatch(hold, { amountTotalCents: null, currency: 'usd' })).toBe('AMOUNT_MISMATCH');
  });

  it('refuses another or a missing currency as CURRENCY_MISMATCH, even with the same number', () => {
    expect(paymentMismatch(hold, { amountTotalCents: 12001, currency: 'jpy' })).toBe('CURRENCY_MISMATCH');
    expect(paymentMismatch(hold, { amountTotalCents: 1, currency: 'eur' })).toBe('CURRENCY_MISMATCH');
    expect(paymentMismatch(hold, { amountTotalCents: 12001, currency: null })).toBe('CURRENCY_MISMATCH');
  });
});

describe('the payment mismatch reasons', () => {
  it('are exactly AMOUNT_MISMATCH and CURRENCY_MISMATCH, told apart from the date reasons', () => {
    expect(PAYMENT_MISMATCH_REASONS).toEqual(['AMOUNT_MISMATCH', 'CURRENCY_MISMATCH']);
    expect(['AMOUNT_MISMATCH', 'CURRENCY_MISMATCH'].map(isPaymentMismatchReason)).toEqual([true, true]);
    expect(['BOOKED', 'HELD', 'BLACKOUT', 'amount_mismatch', ''].map(isPaymentMismatchReason)).toEqual([false, false, false, false, false]);
  });
});
