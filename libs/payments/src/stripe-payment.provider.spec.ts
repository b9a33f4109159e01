import { InvalidSignatureError, type CreateCheckoutSessionInput } from '@mais/domain';
import { FakeStripeServer, signStripePayload } from '@mais/testing';
import { PaymentProviderError } from './payment-provider.error';
import { parseStripeApiUrl, StripePaymentProvider } from './stripe-payment.provider';

const WEBHOOK_SECRET = 'whsec_test_secret_for_specs';
const SECRET_KEY = 'sk_test_51SpecKeyThatMustNeverLeak';

function checkoutInput(overrides: Partial<CreateCheckoutSessionInput> = {}): CreateCheckoutSessionInput {
  return {
    holdId: '0b6a4c1e-7f7e-4a53-9d1c-0a3c8e0f3b11',
    tenantId: '5d0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    connectedAccountId: 'acct_1TenantConnected',
    eventDate: '2027-06-12',
    currency: 'usd',
    lineItems: [
      { kind: 'PACKAGE', id: 'a1b2c3d4-0000-4000-8000-000000000001', slug: 'classic', name: 'Classic Wedding', priceCents: 250000 },
      { kind: 'ADD_ON', id: 'a1b2c3d4-0000-4000-8000-000000000002', slug: 'drone', name: 'Drone Footage', priceCents: 30000 },
    ],
    totalCents: 280000,
    applicationFeeCents: 35000,
    customerEmail: 'ann@example.com',
    expiresAt: new Date(Date.now() + 45 * 60 * 1000),
    successUrl: 'https://studio.example.com/booked',
    cancelUrl: 'https://studio.example.com/cancelled',
    ...overrides,
  };
}

describe(StripePaymentProvider.name, () => {
  let fake: FakeStripeServer;
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    provider = new StripePaymentProvider({
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
      apiUrl: fake.url,
      maxNetworkRetries: 0,
    });
  });

  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('is not the simulated provider', () => {
    expect(provider.simulated).toBe(false);
  });

  describe('createCheckoutSession', () => {
    it('sends the application fee on the connected account', async () => {
      await provider.createCheckoutSession(checkoutInput());

      const [request] = fake.requestsTo('POST', '/v1/checkout/sessions');
      expect(request.headers['stripe-account']).toBe('acct_1TenantConnected');
      expect(request.body.mode).toBe('payment');
      expect(request.body.payment_intent_data).toMatchObject({ application_fee_amount: '35000' });
    });

    it('sends one price_data line per line item with currency, amount and name', async () => {
      await provider.createCheckoutSession(checkoutInput());

      expect(fake.lastRequest()!.body.line_items).toEqual([
        { quantity: '1', price_data: { currency: 'usd', unit_amount: '250000', product_data: { name: 'Classic Wedding' } } },
        { quantity: '1', price_data: { currency: 'usd', unit_amount: '30000', product_data: { name: 'Drone Footage' } } },
      ]);
    });

    it('sends the expiry in unix seconds, the customer email, the return URLs and the hold as client reference', async () => {
      const input = checkoutInput();
      await provider.createCheckoutSession(input);

      expect(fake.lastRequest()!.body).toMatchObject({
        expires_at: String(Math.floor(input.expiresAt.getTime() / 1000)),
        customer_email: 'ann@example.com',
        success_url: 'https://studio.example.com/booked',
        cancel_url: 'https://studio.example.com/cancelled',
        client_reference_id: input.holdId,
      });
    });

    it('ties the session and its payment intent to the tenant, hold and event date in metadata', async () => {
      const input = checkoutInput();
      await provider.createCheckoutSession(input);

      const expected = {
        tenantId: input.tenantId,
        holdId: input.holdId,
        eventDate: '2027-06-12',
        lineItems: 'P:classic:250000,A:drone:30000',
        lineItemCount: '2',
      };
      const { body } = fake.lastRequest()!;
      expect(body.metadata).toEqual(expected);
      expect(body.payment_intent_data).toMatchObject({ metadata: expected });
    });

    it('sends the idempotency key checkout:{holdId}', async () => {
      const input = checkoutInput();
      await provider.createCheckoutSession(input);

      expect(fake.lastRequest()!.idempotencyKey).toBe(`checkout:${input.holdId}`);
    });

    it('returns the session id, its checkout URL and the expiry Stripe accepted', async () => {
      const input = checkoutInput();
      const session = await provider.createCheckoutSession(input);

      expect(session.sessionId).toMatch(/^cs_test_/);
      expect(session.checkoutUrl).toBe(fake.sessions.get(session.sessionId)!.url);
      expect(session.expiresAt.getTime()).toBe(Math.floor(input.expiresAt.getTime() / 1000) * 1000);
    });

    it('returns the same session when the checkout is retried for the same hold', async () => {
      const input = checkoutInput();
      const first = await provider.createCheckoutSession(input);
      const second = await provider.createCheckoutSession(input);

      expect(second.sessionId).toBe(first.sessionId);
      expect(fake.sessions.size).toBe(1);
      expect(fake.lastRequest()!.idempotentReplay).toBe(true);
    });

    it("raises an expiry of exactly 30 minutes just past Stripe's 30-minute minimum", async () => {
      const session = await provider.createCheckoutSession(checkoutInput({ expiresAt: new Date(Date.now() + 30 * 60 * 1000) }));

      expect(session.expiresAt.getTime()).toBeGreaterThanOrEqual(Date.now() + 30 * 60 * 1000);
      expect(session.expiresAt.getTime()).toBeLessThan(Date.now() + 31 * 60 * 1000);
    });

    it("keeps the line item metadata within Stripe's 500-character limit", async () => {
      const lineItems = Array.from({ length: 40 }, (_, i) => ({
        kind: 'ADD_ON' as const,
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        slug: `a-rather-long-add-on-slug-${i}`,
        name: `Add-on ${i}`,
        priceCents: 1000,
      }));
      await provider.createCheckoutSession(checkoutInput({ lineItems, totalCents: 40000, applicationFeeCents: 5000 }));

      const metadata = fake.lastRequest()!.body.metadata as Record<string, string>;
      expect(metadata.lineItems.length).toBeLessThanOrEqual(500);
      expect(metadata.lineItems).toMatch(/,\+\d+ more$/);
      expect(metadata.lineItemCount).toBe('40');
    });

    it('refuses a tenant without a connected account without calling Stripe', async () => {
      const attempt = provider.createCheckoutSession(checkoutInput({ connectedAccountId: null }));

      await expect(attempt).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', retryable: false });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('errors', () => {
    it('turns a Stripe 500 into a retryable PaymentProviderError', async () => {
      fake.failNext(1, 500);

      const error = await provider.createCheckoutSession(checkoutInput()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', retryable: true, statusCode: 500, providerType: 'api_error' });
    });

    it('turns a 400 invalid request into a non-retryable PaymentProviderError', async () => {
      fake.failNext(1, 400, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such destination' } });

      const error = await provider.createCheckoutSession(checkoutInput()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(PaymentProviderError);
      expect(error).toMatchObject({ retryable: false, statusCode: 400, providerCode: 'resource_missing' });
    });

    it('turns a declined card into a non-retryable PaymentProviderError with the decline code', async () => {
      fake.failNext(1, 402);

      const error = await provider.refund({ connectedAccountId: 'acct_1', paymentIntentId: 'pi_1', idempotencyKey: 'refund:x' }).catch((e: unknown) => e);

      expect(error).toMatchObject({ retryable: false, providerType: 'card_error', providerCode: 'card_declined', declineCode: 'generic_decline' });
    });

    it('treats a rate limit as retryable', async () => {
      fake.failNext(1, 429);

      await expect(provider.createCheckoutSession(checkoutInput())).rejects.toMatchObject({ retryable: true, statusCode: 429 });
    });

    it('treats a dropped connection as retryable', async () => {
      // The client retries a closed connection once even with retries off, so drop both attempts.
      fake.dropNext(2);

      const error = await provider.createCheckoutSession(checkoutInput()).catch((e: unknown) => e);

      expect(error).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR', retryable: true });
      expect(fake.requests.map((r) => r.idempotencyKey)).toEqual([expect.stringMatching(/^checkout:/), expect.stringMatching(/^checkout:/)]);
    });

    it('never puts the secret key in the error message', async () => {
      fake.failNext(1, 401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${SECRET_KEY}` } });

      const error = (await provider.createCheckoutSession(checkoutInput()).catch((e: unknown) => e)) as PaymentProviderError;

      expect(error.retryable).toBe(false);
      expect(error.message).not.toContain(SECRET_KEY);
      expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
      expect(error.message).toContain('[redacted]');
    });

    it('retries a 500 with the same idempotency key when retries are enabled', async () => {
      const retrying = new StripePaymentProvider({ secretKey: SECRET_KEY, webhookSecret: WEBHOOK_SECRET, apiUrl: fake.url, maxNetworkRetries: 1 });
      fake.failNext(1, 500);

      const session = await retrying.createCheckoutSession(checkoutInput());

      expect(session.sessionId).toMatch(/^cs_test_/);
      const keys = fake.requestsTo('POST', '/v1/checkout/sessions').map((r) => r.idempotencyKey);
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(1);
    });
  });

  describe('refund', () => {
    it('refunds on the connected account with the given idempotency key', async () => {
      const refund = await provider.refund({
        connectedAccountId: 'acct_1TenantConnected',
        paymentIntentId: 'pi_123',
        amountCents: 5000,
        idempotencyKey: 'refund:booking-1',
        reason: 'requested_by_customer',
      });

      const [request] = fake.requestsTo('POST', '/v1/refunds');
      expect(request.stripeAccount).toBe('acct_1TenantConnected');
      expect(request.idempotencyKey).toBe('refund:booking-1');
      expect(request.body).toEqual({ payment_intent: 'pi_123', amount: '5000', reason: 'requested_by_customer' });
      expect(refund).toEqual({ refundId: expect.stringMatching(/^re_test_/), status: 'succeeded' });
    });

    it('refunds the whole payment when no amount is given', async () => {
      await provider.refund({ connectedAccountId: 'acct_1', paymentIntentId: 'pi_123', idempotencyKey: 'refund:booking-2' });

      expect(fake.lastRequest()!.body).toEqual({ payment_intent: 'pi_123' });
    });

    it('returns the same refund when retried with the same idempotency key', async () => {
      const input = { connectedAccountId: 'acct_1', paymentIntentId: 'pi_123', idempotencyKey: 'refund:booking-3' };
      const first = await provider.refund(input);
      const second = await provider.refund(input);

      expect(second.refundId).toBe(first.refundId);
      expect(fake.refunds.size).toBe(1);
    });
  });

  describe('verifyWebhook', () => {
    const event = {
      id: 'evt_1',
      object: 'event',
      type: 'checkout.session.completed',
      created: 1_800_000_000,
      account: 'acct_1TenantConnected',
      data: { object: { id: 'cs_test_1', object: 'checkout.session', payment_status: 'paid' } },
    };
    const payload = JSON.stringify(event);
    const nowSeconds = () => Math.floor(Date.now() / 1000);

    it('accepts a correctly signed payload and returns the event', () => {
      const parsed = provider.verifyWebhook(Buffer.from(payload), signStripePayload(payload, WEBHOOK_SECRET));

      expect(parsed).toEqual({
        id: 'evt_1',
        type: 'checkout.session.completed',
        created: 1_800_000_000,
        account: 'acct_1TenantConnected',
        data: { object: event.data.object },
      });
    });

    it('accepts a signature made 299 seconds ago', () => {
      const header = signStripePayload(payload, WEBHOOK_SECRET, nowSeconds() - 299);

      expect(provider.verifyWebhook(Buffer.from(payload), header).id).toBe('evt_1');
    });

    it('reports a platform event without an account as account null', () => {
      const platformPayload = JSON.stringify({ ...event, account: undefined });

      expect(provider.verifyWebhook(Buffer.from(platformPayload), signStripePayload(platformPayload, WEBHOOK_SECRET)).account).toBeNull();
    });

    it('rejects a payload signed with another secret', () => {
      const header = signStripePayload(payload, 'whsec_someone_else');

      expect(() => provider.verifyWebhook(Buffer.from(payload), header)).toThrow(InvalidSignatureError);
    });

    it('rejects a body changed after signing', () => {
      const header = signStripePayload(payload, WEBHOOK_SECRET);
      const tampered = payload.replace('"paid"', '"unpaid"');

      expect(() => provider.verifyWebhook(Buffer.from(tampered), header)).toThrow(InvalidSignatureError);
    });

    it('rejects a signature made 301 seconds ago', () => {
      const header = signStripePayload(payload, WEBHOOK_SECRET, nowSeconds() - 301);

      expect(() => provider.verifyWebhook(Buffer.from(payload), header)).toThrow(InvalidSignatureError);
    });

    it('rejects a request without a Stripe-Signature header', () => {
      expect(() => provider.verifyWebhook(Buffer.from(payload), undefined)).toThrow(InvalidSignatureError);
      expect(() => provider.verifyWebhook(Buffer.from(payload), '')).toThrow(InvalidSignatureError);
    });

    it('rejects a header that is not a Stripe signature', () => {
      expect(() => provider.verifyWebhook(Buffer.from(payload), 'nonsense')).toThrow(InvalidSignatureError);
    });

    it('rejects a correctly signed body that is not JSON', () => {
      const malformed = '{"id": "evt_1", ';

      expect(() => provider.verifyWebhook(Buffer.from(malformed), signStripePayload(malformed, WEBHOOK_SECRET))).toThrow(InvalidSignatureError);
    });

    it('rejects correctly signed JSON that is not an event', () => {
      const notAnEvent = JSON.stringify({ hello: 'world' });

      expect(() => provider.verifyWebhook(Buffer.from(notAnEvent), signStripePayload(notAnEvent, WEBHOOK_SECRET))).toThrow(InvalidSignatureError);
    });

    it('gives the error the INVALID_SIGNATURE code', () => {
      let caught: unknown;
      try {
        provider.verifyWebhook(Buffer.from(payload), 't=1,v1=deadbeef');
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'INVALID_SIGNATURE' });
    });
  });
});

describe(parseStripeApiUrl.name, () => {
  it('splits a local fake URL into host, port and protocol', () => {
    expect(parseStripeApiUrl('http://127.0.0.1:12345')).toEqual({ host: '127.0.0.1', port: 12345, protocol: 'http' });
  });

  it('defaults the port from the protocol', () => {
    expect(parseStripeApiUrl('https://api.stripe.com')).toEqual({ host: 'api.stripe.com', port: 443, protocol: 'https' });
  });

  it('unwraps an IPv6 host', () => {
    expect(parseStripeApiUrl('http://[::1]:8080/')).toEqual({ host: '::1', port: 8080, protocol: 'http' });
  });

  it('rejects anything but an http(s) origin', () => {
    expect(() => parseStripeApiUrl('ftp://127.0.0.1')).toThrow(/http or https/);
    expect(() => parseStripeApiUrl('http://127.0.0.1/v1')).toThrow(/path/);
    expect(() => parseStripeApiUrl('not a url')).toThrow(/not a URL/);
  });
});
