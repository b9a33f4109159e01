import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { PaymentProvider, type CheckoutSession, type CreateCheckoutSessionInput, type PaymentEvent, type Refund, type RefundInput } from '@mais/domain';
import { buildCheckoutMetadata, fitStripeMetadata } from './checkout-metadata';
import { signStripePayload, verifyStripeSignature } from './stripe-signature';

export interface SimulatedPaymentProviderOptions {
  /** Signs the simulated events; the same STRIPE_WEBHOOK_SECRET the webhook route verifies with. */
  webhookSecret: string;
  /** The API's public base URL; the checkout URL points at its dev checkout page. */
  publicUrl: string;
}

/** What the dev checkout routes know about a session (from its hold) when they emit its event. */
export interface SimulatedSessionSnapshot {
  sessionId: string;
  tenantId: string;
  holdId: string;
  eventDate: string;
  totalCents: number;
  currency: string;
  customerEmail: string;
  connectedAccountId: string | null;
  /** Extra session metadata; tenantId, holdId and eventDate are always set from the fields above. */
  metadata?: Record<string, string>;
}

export type SimulatedEventKind = 'completed' | 'expired';

export interface SignedSimulatedEvent {
  /** The exact bytes to POST to the webhook route. */
  payload: string;
  /** The `Stripe-Signature` header value. */
  signature: string;
  eventId: string;
}

/**
 * PaymentProvider for runs without Stripe keys. Stateless: sessions live only in the holds. The dev
 * checkout page pays or cancels a session by emitting the same signed events Stripe would send, which
 * then go through the real webhook route and verifier.
 */
export class SimulatedPaymentProvider extends PaymentProvider {
  readonly simulated = true;
  readonly #webhookSecret: string;
  readonly #publicUrl: string;

  constructor(options: SimulatedPaymentProviderOptions) {
    super();
    if (!options.webhookSecret?.trim()) throw new Error('SimulatedPaymentProvider needs a webhook signing secret');
    this.#webhookSecret = options.webhookSecret;
    this.#publicUrl = options.publicUrl.replace(/\/+$/, '');
  }

  async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
    const sessionId = `cs_sim_${randomUUID().replace(/-/g, '')}`;
    return {
      sessionId,
      checkoutUrl: `${this.#publicUrl}/v1/dev/checkout/${sessionId}`,
      expiresAt: new Date(input.expiresAt.getTime()),
    };
  }

  /** The same idempotency key always yields the same refund id, as Stripe would answer a retry. */
  async refund(input: RefundInput): Promise<Refund> {
    return { refundId: `re_sim_${digest(`refund:${input.idempotencyKey}`)}`, status: 'succeeded' };
  }

  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent {
    return verifyStripeSignature(rawBody, signatureHeader, this.#webhookSecret);
  }

  /**
   * A Stripe-shaped `checkout.session.completed` (paid) or `checkout.session.expired` event, signed
   * with the webhook secret. The event id is derived from the kind and session, so paying twice gives
   * the same event, which the webhook route reports as a duplicate, as for a Stripe redelivery.
   */
  buildSignedEvent(kind: SimulatedEventKind, session: SimulatedSessionSnapshot): SignedSimulatedEvent {
    const created = Math.floor(Date.now() / 1000);
    const eventId = `evt_sim_${digest(`${kind}:${session.sessionId}`)}`;
    const completed = kind === 'completed';
    const reference = buildCheckoutMetadata(session);
    // Reference keys first (they survive the 50-key cut) and last (extras cannot override them).
    const metadata = fitStripeMetadata({ ...reference, ...session.metadata, ...reference });
    const checkoutSession = {
      id: session.sessionId,
      object: 'checkout.session',
      mode: 'payment',
      livemode: false,
      status: completed ? 'complete' : 'expired',
      payment_status: completed ? 'paid' : 'unpaid',
      payment_intent: completed ? `pi_sim_${digest(`payment:${session.sessionId}`)}` : null,
      amount_subtotal: session.totalCents,
      amount_total: session.totalCents,
      currency: session.currency,
      customer_email: session.customerEmail,
      customer_details: { email: session.customerEmail },
      client_reference_id: session.holdId,
      metadata,
      created,
      url: null,
    };
    const event = {
      id: eventId,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: completed ? 'checkout.session.completed' : 'checkout.session.expired',
      ...(session.connectedAccountId ? { account: session.connectedAccountId } : {}),
      data: { object: checkoutSession },
    };
    const payload = JSON.stringify(event);
    return { payload, signature: signStripePayload(payload, this.#webhookSecret), eventId };
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
