/**
 * What a payment provider's event means to MAIS, read by the payments adapter (`PaymentProvider.readNotice`) from
 * the provider's own envelope: the domain never reads Stripe's shapes. One notice per stored event.
 */
export type PaymentNotice =
  /** A checkout MAIS created was paid (`completed` with payment, or a delayed payment that succeeded). */
  | { kind: 'checkout-paid'; session: CheckoutSessionRef }
  /** A checkout completed with a payment still pending (a delayed method): its hold waits for the outcome. */
  | { kind: 'checkout-awaiting-payment'; session: CheckoutSessionRef }
  /** A checkout ended unpaid: it expired, or its delayed payment failed. */
  | { kind: 'checkout-closed'; session: CheckoutSessionRef; why: 'expired' | 'payment-failed' }
  /** A charge was refunded, in full or in part. */
  | { kind: 'charge-refunded'; charge: ChargeRef }
  /** Connect: what a connected account can do now. */
  | { kind: 'account-updated'; account: ConnectAccountRef }
  /** Connect: a connected account disconnected the platform. */
  | { kind: 'account-disconnected'; accountId: string }
  /** Nothing MAIS acts on; `note` says why, for the webhook log (none for a type MAIS does not handle). */
  | { kind: 'ignored'; note?: string };

/** A notice with the envelope facts every handler needs. */
export interface ProviderNotice {
  /** The provider's event id. */
  id: string;
  /** The provider's event type, as stored and shown to operators. */
  type: string;
  /** When the provider created the event (Unix seconds), or null when it does not say. */
  created: number | null;
  /** The connected account the event came from, or null for the platform's own. */
  account: string | null;
  notice: PaymentNotice;
}

export interface CheckoutSessionRef {
  sessionId: string;
  tenantId: string;
  holdId: string;
  paymentIntentId: string | null;
  /** What the session charged (minor units) and in which currency; null when the provider does not say. */
  amountTotalCents: number | null;
  currency: string | null;
}

export interface ChargeRef {
  paymentIntentId: string;
  /** From the payment's metadata; absent on payments MAIS did not create. */
  tenantId: string | null;
  /** The charge is refunded in full (a partial refund leaves the booking as it is). */
  fullyRefunded: boolean;
}

/** What a connected account can do. */
export interface ConnectAccountRef {
  accountId: string;
  chargesEnabled: boolean;
  detailsSubmitted: boolean;
  /** Requirements currently and past due, each once. */
  requirementsDue: string[];
  disabledReason: string | null;
}

/** The payment a notice reports as refunded in full, if it does (stored with the event for the completion's check). */
export function fullyRefundedPayment(notice: PaymentNotice): string | null {
  return notice.kind === 'charge-refunded' && notice.charge.fullyRefunded ? notice.charge.paymentIntentId : null;
}
