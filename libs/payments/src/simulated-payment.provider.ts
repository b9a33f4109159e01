import { createHash, randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import {
  PaymentProvider,
  type CheckoutSession,
  type ConnectedAccount,
  type CreateCheckoutSessionInput,
  type OnboardingLink,
  type OnboardingLinkInput,
  type PaymentEvent,
  type ProviderNotice,
  type Refund,
  type RefundInput,
} from '@mais/domain';
import { buildCheckoutMetadata, fitStripeMetadata } from './checkout-metadata';
import { signStripePayload, verifyStripeSignature } from './stripe-signature';
import { readStripeNotice } from './stripe-notice';

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

/** What the simulated onboarding page can report: finished (charges enabled), or left with requirements due. */
export type SimulatedOnboardingOutcome = 'completed' | 'abandoned';

/** The requirements a simulated onboarding left unfinished reports (Stripe's names for them). */
export const SIMULATED_REQUIREMENTS_DUE = ['external_account', 'individual.verification.document'];

/** How long a simulated onboarding link is offered for (Stripe's links expire after a few minutes too). */
const ONBOARDING_LINK_LIFETIME_MS = 5 * 60_000;

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

  /** An account id derived from the key, as Stripe answers a retry under the same idempotency key. Nothing is known about it yet. */
  async createConnectedAccount(input: { tenantId: string; idempotencyKey: string }): Promise<ConnectedAccount> {
    return {
      accountId: `acct_sim_${digest(`account:${input.idempotencyKey}`).slice(0, 16)}`,
      chargesEnabled: null,
      detailsSubmitted: null,
      requirementsDue: [],
    };
  }

  /** The local onboarding page of the account (the dev onboarding routes), which emits the events Stripe would. */
  async createOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink> {
    return {
      url: `${this.#publicUrl}/v1/dev/onboarding/${encodeURIComponent(input.accountId)}`,
      expiresAt: new Date(Date.now() + ONBOARDING_LINK_LIFETIME_MS),
    };
  }

  readNotice(payload: unknown): ProviderNotice | null {
    return readStripeNotice(payload);
  }

  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent {
    return verifyStripeSignature(rawBody, signatureHeader, this.#webhookSecret);
  }

  /** A signed Connect `account.updated` for `accountId`, as Stripe sends it when onboarding is finished or left. */
  buildSignedAccountEvent(outcome: SimulatedOnboardingOutcome, accountId: string): SignedSimulatedEvent {
    const created = Math.floor(Date.now() / 1000);
    const completed = outcome === 'completed';
    const account = {
      id: accountId,
      object: 'account',
      type: 'express',
      charges_enabled: completed,
      payouts_enabled: completed,
      details_submitted: completed,
      requirements: {
        currently_due: completed ? [] : SIMULATED_REQUIREMENTS_DUE,
        past_due: [],
        eventually_due: completed ? [] : SIMULATED_REQUIREMENTS_DUE,
        disabled_reason: completed ? null : 'requirements.past_due',
      },
    };
    // One event per press: pressing twice in the same second is one event, as a Stripe redelivery would be.
    return this.signed({
      id: `evt_sim_${digest(`account:${outcome}:${accountId}:${created}`)}`,
      type: 'account.updated',
      created,
      account: accountId,
      object: account,
    });
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
    return this.signed({
      id: eventId,
      type: completed ? 'checkout.session.completed' : 'checkout.session.expired',
      created,
      account: session.connectedAccountId,
      object: checkoutSession,
    });
  }

  /** Stripe's event envelope around `object`, serialised once and signed with the webhook secret. */
  private signed(event: { id: string; type: string; created: number; account: string | null; object: object }): SignedSimulatedEvent {
    const payload = JSON.stringify({
      id: event.id,
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: event.created,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: event.type,
      ...(event.account ? { account: event.account } : {}),
      data: { object: event.object },
    });
    return { payload, signature: signStripePayload(payload, this.#webhookSecret), eventId: event.id };
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
