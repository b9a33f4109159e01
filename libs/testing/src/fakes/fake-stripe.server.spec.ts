import Stripe from 'stripe';
import { FakeStripeServer, parseStripeForm, signStripePayload } from './fake-stripe.server';

describe(FakeStripeServer.name, () => {
  let fake: FakeStripeServer;
  let stripe: Stripe;

  const sessionParams = (holdId: string): Stripe.Checkout.SessionCreateParams => ({
    mode: 'payment',
    line_items: [{ quantity: 1, price_data: { currency: 'usd', unit_amount: 5000, product_data: { name: 'Classic' } } }],
    payment_intent_data: { application_fee_amount: 500 },
    expires_at: Math.floor(Date.now() / 1000) + 3600,
    success_url: 'https://example.com/ok',
    client_reference_id: holdId,
    metadata: { holdId },
  });

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    stripe = new Stripe('sk_test_fake', fake.clientConfig);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.stop());

  it('answers the real client with a Stripe-shaped open session', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams('h-1'), { stripeAccount: 'acct_1' });

    expect(session).toMatchObject({
      id: expect.stringMatching(/^cs_test_/),
      object: 'checkout.session',
      url: expect.stringContaining(fake.url),
      amount_total: 5000,
      currency: 'usd',
      metadata: { holdId: 'h-1' },
      client_reference_id: 'h-1',
      payment_status: 'unpaid',
      status: 'open',
    });
  });

  it('retrieves a session only on the account it was created on', async () => {
    const created = await stripe.checkout.sessions.create(sessionParams('h-2'), { stripeAccount: 'acct_1' });

    await expect(stripe.checkout.sessions.retrieve(created.id, {}, { stripeAccount: 'acct_1' })).resolves.toMatchObject({ id: created.id });
    await expect(stripe.checkout.sessions.retrieve(created.id)).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });

  it('rejects an idempotency key reused with different parameters, as Stripe does', async () => {
    await stripe.checkout.sessions.create(sessionParams('h-3'), { stripeAccount: 'acct_1', idempotencyKey: 'k-1' });

    await expect(stripe.checkout.sessions.create(sessionParams('h-4'), { stripeAccount: 'acct_1', idempotencyKey: 'k-1' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeIdempotencyError,
    );
  });

  it('rejects an application fee on a platform charge, as Stripe does', async () => {
    await expect(stripe.checkout.sessions.create(sessionParams('h-5'))).rejects.toMatchObject({
      statusCode: 400,
      param: 'payment_intent_data[application_fee_amount]',
    });
  });

  it('refunds a completed session in full by its payment intent', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams('h-6'), { stripeAccount: 'acct_1' });
    const paymentIntent = fake.completeSession(session.id).payment_intent as string;

    const refund = await stripe.refunds.create({ payment_intent: paymentIntent }, { stripeAccount: 'acct_1' });

    expect(refund).toMatchObject({ object: 'refund', amount: 5000, status: 'succeeded', payment_intent: paymentIntent });
  });

  it('completes a session with another charge when told, and refunds what was charged', async () => {
    const session = await stripe.checkout.sessions.create(sessionParams('h-7'), { stripeAccount: 'acct_1' });
    const paid = fake.completeSession(session.id, { amountTotal: 1200, currency: 'eur' });

    expect(paid).toMatchObject({ amount_total: 1200, currency: 'eur', payment_status: 'paid' });
    await expect(stripe.checkout.sessions.retrieve(session.id, {}, { stripeAccount: 'acct_1' })).resolves.toMatchObject({
      amount_total: 1200,
      currency: 'eur',
    });
    const refund = await stripe.refunds.create({ payment_intent: paid.payment_intent as string }, { stripeAccount: 'acct_1' });
    expect(refund).toMatchObject({ amount: 1200, currency: 'eur' });
  });

  it('answers an unknown route with a Stripe 404', async () => {
    const response = await fetch(`${fake.url}/v1/nothing`, { method: 'POST', headers: { authorization: 'Bearer sk_test_x' } });

    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('answers 401 without an API key', async () => {
    const response = await fetch(`${fake.url}/v1/refunds`, { method: 'POST' });

    expect(response.status).toBe(401);
  });
});

describe(parseStripeForm.name, () => {
  it("rebuilds Stripe's bracketed keys into nested objects and arrays", () => {
    const form = new URLSearchParams(
      'mode=payment&line_items[0][price_data][unit_amount]=100&line_items[1][quantity]=2' +
        '&payment_intent_data[application_fee_amount]=10&metadata[holdId]=h%201',
    );

    expect(parseStripeForm(form)).toEqual({
      mode: 'payment',
      line_items: [{ price_data: { unit_amount: '100' } }, { quantity: '2' }],
      payment_intent_data: { application_fee_amount: '10' },
      metadata: { holdId: 'h 1' },
    });
  });
});

describe(signStripePayload.name, () => {
  it('produces a header that Stripe verifies', () => {
    const payload = JSON.stringify({ id: 'evt_1', object: 'event' });

    expect(Stripe.webhooks.constructEvent(payload, signStripePayload(payload, 'whsec_x'), 'whsec_x')).toMatchObject({ id: 'evt_1' });
  });
});
