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
import { buildCheckoutMetadata } from './checkout-metadata';
import { PaymentProviderError, toPaymentProviderError } from './payment-provider.error';
import { verifyStripeSignature } from './stripe-signature';
import { readStripeNotice } from './stripe-notice';

export interface StripePaymentProviderOptions {
  secretKey: string;
  webhookSecret: string;
  /** The signing secret of a separate Connect webhook endpoint (Stripe gives each endpoint its own), if there is one. */
  connectWebhookSecret?: string;
  /** The kind of connected account onboarding creates (STRIPE_CONNECT_ACCOUNT_TYPE); default `express`. */
  connectAccountType?: 'express' | 'standard' | 'custom';
  /** STRIPE_API_URL, e.g. `http://127.0.0.1:12345` for a local fake; Stripe's API when omitted. */
  apiUrl?: string;
  /** Automatic retries of failed calls (same idempotency key); default 2. */
  maxNetworkRetries?: number;
  /** Per-request timeout; default 20 s, well below the client's own 80 s, since a customer waits on it. */
  timeoutMs?: number;
}

export interface StripeApiEndpoint {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

/** Stripe requires `expires_at` at least 30 minutes after the session is created. */
const MIN_SESSION_LIFETIME_SECONDS = 30 * 60;
/** Slack for the time the request takes to reach Stripe. */
const EXPIRY_SLACK_SECONDS = 15;

/**
 * PaymentProvider on Stripe Checkout with Connect direct charges: the session lives on the tenant's
 * connected account and the platform takes its commission as the application fee.
 */
export class StripePaymentProvider extends PaymentProvider {
  readonly simulated = false;
  // ES private fields: a logged or serialised provider never shows the secrets.
  readonly #stripe: Stripe;
  readonly #webhookSecrets: string[];
  readonly #accountType: 'express' | 'standard' | 'custom';

  constructor(options: StripePaymentProviderOptions) {
    super();
    if (!options.secretKey?.trim()) throw new Error('StripePaymentProvider needs a secret key');
    if (!options.webhookSecret?.trim()) throw new Error('StripePaymentProvider needs a webhook signing secret');
    this.#webhookSecrets = [options.webhookSecret, ...(options.connectWebhookSecret?.trim() ? [options.connectWebhookSecret] : [])];
    this.#accountType = options.connectAccountType ?? 'express';
    this.#stripe = new Stripe(options.secretKey, {
      ...(options.apiUrl ? parseStripeApiUrl(options.apiUrl) : {}),
      maxNetworkRetries: options.maxNetworkRetries ?? 2,
      timeout: options.timeoutMs ?? 20_000,
      appInfo: { name: 'MAIS' },
    });
  }

  async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
    if (!input.connectedAccountId) {
      throw new PaymentProviderError('Stripe checkout needs the tenant to have a connected account', {
        retryable: false,
        providerCode: 'no_connected_account',
      });
    }
    const metadata = buildCheckoutMetadata(input);
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      line_items: input.lineItems.map((item) => ({
        quantity: 1,
        price_data: {
          currency: input.currency,
          unit_amount: item.priceCents,
          product_data: { name: item.name },
        },
      })),
      payment_intent_data: {
        application_fee_amount: input.applicationFeeCents,
        // Copied to the charge too, so charge.refunded events can be traced to the hold.
        metadata,
      },
      expires_at: stripeExpiresAt(input.expiresAt),
      customer_email: input.customerEmail,
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      client_reference_id: input.holdId,
      metadata,
    };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.#stripe.checkout.sessions.create(params, {
        stripeAccount: input.connectedAccountId,
        idempotencyKey: `checkout:${input.holdId}`,
      });
    } catch (error) {
      throw toPaymentProviderError(error, 'checkout session creation');
    }
    if (!session.url) {
      throw new PaymentProviderError(`Stripe returned checkout session ${session.id} without a URL`, { retryable: false });
    }
    return { sessionId: session.id, checkoutUrl: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  async refund(input: RefundInput): Promise<Refund> {
    const params: Stripe.RefundCreateParams = { payment_intent: input.paymentIntentId };
    if (input.amountCents !== undefined) params.amount = input.amountCents;
    if (input.reason) params.reason = input.reason;
    let refund: Stripe.Refund;
    try {
      refund = await this.#stripe.refunds.create(params, {
        ...(input.connectedAccountId ? { stripeAccount: input.connectedAccountId } : {}),
        idempotencyKey: input.idempotencyKey,
      });
    } catch (error) {
      throw toPaymentProviderError(error, 'refund');
    }
    return { refundId: refund.id, status: refund.status ?? 'pending' };
  }

  async createConnectedAccount(input: { tenantId: string; idempotencyKey: string }): Promise<ConnectedAccount> {
    const params: Stripe.AccountCreateParams = { type: this.#accountType, metadata: { tenantId: input.tenantId } };
    // Express and custom accounts take card payments only once these capabilities are requested (and granted).
    if (this.#accountType !== 'standard') params.capabilities = { card_payments: { requested: true }, transfers: { requested: true } };
    let account: Stripe.Account;
    try {
      account = await this.#stripe.accounts.create(params, { idempotencyKey: input.idempotencyKey });
    } catch (error) {
      throw toPaymentProviderError(error, 'connected account creation');
    }
    const requirements = account.requirements;
    return {
      accountId: account.id,
      chargesEnabled: account.charges_enabled ?? false,
      detailsSubmitted: account.details_submitted ?? false,
      requirementsDue: [...new Set([...(requirements?.currently_due ?? []), ...(requirements?.past_due ?? [])])],
    };
  }

  async createOnboardingLink(input: OnboardingLinkInput): Promise<OnboardingLink> {
    let link: Stripe.AccountLink;
    try {
      link = await this.#stripe.accountLinks.create({
        account: input.accountId,
        type: 'account_onboarding',
        return_url: input.returnUrl,
        refresh_url: input.refreshUrl,
      });
    } catch (error) {
      throw toPaymentProviderError(error, 'onboarding link creation');
    }
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  readNotice(payload: unknown): ProviderNotice | null {
    return readStripeNotice(payload);
  }

  /** Signed by the platform endpoint's secret, or by the Connect endpoint's when Stripe sends Connect events to a second one. */
  verifyWebhook(rawBody: Buffer, signatureHeader: string | undefined): PaymentEvent {
    let failure: unknown;
    for (const secret of this.#webhookSecrets) {
      try {
        return verifyStripeSignature(rawBody, signatureHeader, secret);
      } catch (error) {
        failure ??= error;
      }
    }
    throw failure;
  }
}

/** `http://127.0.0.1:12345` → `{ host: '127.0.0.1', port: 12345, protocol: 'http' }` for the Stripe client. */
export function parseStripeApiUrl(apiUrl: string): StripeApiEndpoint {
  let url: URL;
  try {
    url = new URL(apiUrl);
  } catch {
    throw new Error(`STRIPE_API_URL is not a URL: ${apiUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`STRIPE_API_URL must be http or https, got ${url.protocol}`);
  }
  if (url.pathname !== '/' && url.pathname !== '') {
    throw new Error('STRIPE_API_URL must not have a path: the client always calls /v1/…');
  }
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    // node:http wants a bare IPv6 address, URL keeps the brackets.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

/**
 * Unix seconds for Stripe's `expires_at`, raised to Stripe's 30-minute minimum when the hold asks for
 * exactly 30 minutes (it would arrive a few ms short and be rejected). The returned session carries the
 * expiry Stripe accepted, which is what the hold should keep. Above the minimum the caller's value is
 * sent as is, so a retry for the same hold repeats the same parameters under the same idempotency key.
 */
function stripeExpiresAt(expiresAt: Date, now: Date = new Date()): number {
  const requested = Math.floor(expiresAt.getTime() / 1000);
  const earliest = Math.ceil(now.getTime() / 1000) + MIN_SESSION_LIFETIME_SECONDS + EXPIRY_SLACK_SECONDS;
  return Math.max(requested, earliest);
}
