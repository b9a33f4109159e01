import type { LineItem } from '../booking/line-item';

export interface CreateCheckoutSessionInput {
  /** Our hold id: the idempotency anchor of the provider call. */
  holdId: string;
  tenantId: string;
  /** The tenant's connected account (Stripe Connect direct charge); null for the simulated provider. */
  connectedAccountId: string | null;
  eventDate: string;
  currency: string;
  lineItems: LineItem[];
  totalCents: number;
  applicationFeeCents: number;
  customerEmail: string;
  expiresAt: Date;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  sessionId: string;
  checkoutUrl: string;
  expiresAt: Date;
}

export interface RefundInput {
  connectedAccountId: string | null;
  paymentIntentId: string;
  /** Omit for a full refund. */
  amountCents?: number;
  /** Idempotency anchor, e.g. `refund:{bookingId}`. */
  idempotencyKey: string;
  reason?: 'duplicate' | 'requested_by_customer' | 'fraudulent';
}

export interface Refund {
  refundId: string;
  status: string;
}

/** A verified, parsed provider event (the subset MAIS reads). */
export interface PaymentEvent {
  id: string;
  type: string;
  created: number;
  /** The connected account the event belongs to, when sent through Connect. */
  account: string | null;
  data: { object: Record<string, unknown> };
}

export class InvalidSignatureError extends Error {
  readonly code = 'INVALID_SIGNATURE';
}

/** Takes payments. Adapters: StripePaymentProvider, SimulatedPaymentProvider. */
export abstract class PaymentProvider {
  /** Whether the provider is the simulated one (the dev checkout routes exist only then). */
  abstract readonly simulated: boolean;
  abstract createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession>;
  abstract refund(input: RefundInput): Promise<Refund>;
  /** Verifies the signature over the raw body and parses the event; throws InvalidSignatureError. */
  abstract verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent;
}
