import type { LineItem } from '../booking/line-item';
import type { ProviderNotice } from '../webhooks/payment-notice';

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

/** A connected account as the provider knows it right after creating it. */
export interface ConnectedAccount {
  accountId: string;
  /** null: the provider says nothing yet (the simulated provider); the events will. */
  chargesEnabled: boolean | null;
  detailsSubmitted: boolean | null;
  requirementsDue: string[];
}

export interface OnboardingLinkInput {
  accountId: string;
  /** Where the provider sends the admin when onboarding is done (or left). */
  returnUrl: string;
  /** Where it sends the admin when the link has expired or was used: a page that asks for a new link. */
  refreshUrl: string;
}

export interface OnboardingLink {
  url: string;
  expiresAt: Date;
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
  /** Creates the tenant's connected account (Connect), idempotent under `idempotencyKey`. */
  abstract createConnectedAccount(input: { tenantId: string; idempotencyKey: string }): Promise<ConnectedAccount>;
  /** A single-use link to the provider's onboarding of `accountId` (Stripe Account Link). */
  abstract createOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink>;
  /** Verifies the signature over the raw body and parses the event; throws InvalidSignatureError. */
  abstract verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent;
  /** What a stored event (its payload as received) means to MAIS; null when it is not an event of this provider at all. */
  abstract readNotice(payload: unknown): ProviderNotice | null;
}
