/**
 * Why a paid checkout is refused although the date is free: what was charged is not what the hold costs.
 * Stable codes, stored as a BookingFailure's reason (beside the date reasons BOOKED, BLACKOUT, …).
 */
export type PaymentMismatchReason = 'AMOUNT_MISMATCH' | 'CURRENCY_MISMATCH';

export const PAYMENT_MISMATCH_REASONS: readonly PaymentMismatchReason[] = ['AMOUNT_MISMATCH', 'CURRENCY_MISMATCH'];

export function isPaymentMismatchReason(reason: string): reason is PaymentMismatchReason {
  return (PAYMENT_MISMATCH_REASONS as readonly string[]).includes(reason);
}

/**
 * Compares what the provider says was charged with the hold. A currency that differs (or is missing) is a
 * CURRENCY_MISMATCH whatever the amount, since amounts in two currencies cannot be compared; then an amount
 * that differs (or is missing) is an AMOUNT_MISMATCH. A payment MAIS cannot show to be the hold's price is
 * never booked.
 */
export function paymentMismatch(
  hold: { totalCents: number; currency: string },
  paid: { amountTotalCents: number | null; currency: string | null },
): PaymentMismatchReason | null {
  if (paid.currency === null || paid.currency.toLowerCase() !== hold.currency.toLowerCase()) return 'CURRENCY_MISMATCH';
  if (paid.amountTotalCents !== hold.totalCents) return 'AMOUNT_MISMATCH';
  return null;
}
