import { describeWithRedis, FakeStripeServer } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { adminGet, BookingTenant, checkoutBody, createBookingTenant, freshDate, postCheckout, processed, sql } from '../../api/test/support/booking-fixtures';

/** `npm start` without Stripe keys or Redis: simulated payments, in-process jobs, the same ingestion path. */
describe('simulated payments (dev checkout page)', () => {
  let t: TestApp;
  let tenant: BookingTenant;

  beforeAll(async () => {
    t = await createTestApp({ worker: WorkerModule });
    tenant = await createBookingTenant(t, 'sim');
  });
  afterAll(() => t?.close());

  async function startCheckout(eventDate: string, extra: Record<string, unknown> = {}): Promise<{ sessionId: string; path: string }> {
    const res = await postCheckout(t, tenant, checkoutBody(eventDate, { addOnIds: [tenant.addOns.drone], ...extra }));
    expect(res.statusCode).toBe(201);
    const { sessionId, checkoutUrl } = res.json();
    const path = new URL(checkoutUrl).pathname;
    expect(path).toBe(`/v1/dev/checkout/${sessionId}`);
    return { sessionId, path };
  }

  it('goes from checkout to a paid booking the admin sees, through the Pay button', async () => {
    const eventDate = freshDate();
    const { sessionId, path } = await startCheckout(eventDate);

    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Tenant sim');
    expect(page.body).toContain(`action="${path}/complete"`);
    expect(page.body).toContain('$120.01');

    // The page's form posts an empty text/plain body; a checkout that named no success URL shows the outcome.
    const paid = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: { 'content-type': 'text/plain', accept: 'text/html' }, payload: '' });
    expect(paid.statusCode).toBe(200);
    expect(paid.headers['content-type']).toMatch(/^text\/html/);
    expect(paid.body).toContain(`Booking confirmed for ${eventDate}`);

    const list = await adminGet(t, tenant, `/v1/admin/bookings?from=${eventDate}&to=${eventDate}`);
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([
      expect.objectContaining({
        eventDate,
        status: 'PAID',
        totalCents: 12001,
        commissionCents: 1501,
        commissionPercent: 12.5,
        currency: 'usd',
        checkoutSessionId: sessionId,
        customer: expect.objectContaining({ email: 'ann@example.com', name: 'Ann Lee' }),
      }),
    ]);
    const availability = await t.app.inject({ method: 'GET', url: `/v1/availability?date=${eventDate}`, headers: { 'x-tenant-key': tenant.publicKey } });
    expect(availability.json()).toEqual({ date: eventDate, available: false, reason: 'BOOKED' });
  });

  it('sends one event when Pay is pressed twice, and shows the paid page afterwards', async () => {
    const { sessionId, path } = await startCheckout(freshDate());
    const json = { accept: 'application/json' };
    const first = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: json });
    const second = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: json });
    expect(first.json()).toMatchObject({ sessionId, status: 'complete', duplicate: false });
    expect(second.json()).toMatchObject({ sessionId, eventId: first.json().eventId, duplicate: true });
    await processed(t, first.json().eventId);
    const bookings = await sql(t, `select id from bookings where checkout_session_id = ?`, [sessionId]);
    expect(bookings).toHaveLength(1);
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.body).toContain('Payment received.');
  });

  it('frees the date when the customer cancels on the page', async () => {
    const eventDate = freshDate();
    const { path } = await startCheckout(eventDate);
    const widget = { 'x-tenant-key': tenant.publicKey };
    expect((await t.app.inject({ method: 'GET', url: `/v1/availability?date=${eventDate}`, headers: widget })).json().reason).toBe('HELD');

    const cancelled = await t.app.inject({ method: 'POST', url: `${path}/expire`, headers: { accept: 'application/json' } });
    expect(cancelled.json()).toMatchObject({ status: 'expired', duplicate: false });
    await processed(t, cancelled.json().eventId);
    expect((await t.app.inject({ method: 'GET', url: `/v1/availability?date=${eventDate}`, headers: widget })).json()).toEqual({
      date: eventDate,
      available: true,
      reason: null,
    });
    // An ended session cannot be paid any more.
    const late = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: { accept: 'text/html' } });
    expect(late.body).toContain('This checkout has ended; nothing was charged.');
    expect(await sql(t, `select id from bookings where event_date = ? and tenant_id = ?`, [eventDate, tenant.id])).toHaveLength(0);
  });

  it("sends the customer to the checkout's successUrl after Pay, the session id filled in as Stripe does", async () => {
    const successUrl = 'https://weddings.example.com/thanks?session={CHECKOUT_SESSION_ID}&again={CHECKOUT_SESSION_ID}';
    const cancelUrl = 'https://weddings.example.com/book?step=date';
    const { sessionId, path } = await startCheckout(freshDate(), { successUrl, cancelUrl });
    const expected = `https://weddings.example.com/thanks?session=${sessionId}&again=${sessionId}`;

    const paid = await t.app.inject({
      method: 'POST',
      url: `${path}/complete`,
      headers: { 'content-type': 'text/plain', accept: 'text/html,application/xhtml+xml' },
      payload: '',
    });
    expect(paid.statusCode).toBe(303);
    expect(paid.headers.location).toBe(expected);
    expect(await sql(t, `select status from bookings where checkout_session_id = ?`, [sessionId])).toEqual([{ status: 'PAID' }]);
    // Back on the page later: the outcome, with the way on; and Pay again (a JSON client) names the same URL.
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.body).toContain(`<a href="${expected.replace(/&/g, '&amp;')}">Continue</a>`);
    const again = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: { accept: 'application/json' } });
    expect(again.json()).toMatchObject({ status: 'complete', duplicate: true, redirectUrl: expected });
  });

  it("sends the customer to the checkout's cancelUrl after Cancel, and shows a paid session's page instead of cancelling it", async () => {
    const cancelUrl = 'https://weddings.example.com/book?step=date&session={CHECKOUT_SESSION_ID}';
    const { sessionId, path } = await startCheckout(freshDate(), { successUrl: 'https://weddings.example.com/thanks', cancelUrl });

    const cancelled = await t.app.inject({
      method: 'POST',
      url: `${path}/expire`,
      headers: { 'content-type': 'text/plain', accept: 'text/html' },
      payload: '',
    });
    expect(cancelled.statusCode).toBe(303);
    // Stripe fills the placeholder in a success URL only; a cancel URL is used as given.
    expect(cancelled.headers.location).toBe('https://weddings.example.com/book?step=date&session={CHECKOUT_SESSION_ID}');
    expect((await t.app.inject({ method: 'GET', url: path })).body).toContain('Checkout cancelled');
    expect(await sql(t, `select status from checkout_holds where session_id = ?`, [sessionId])).toEqual([{ status: 'RELEASED' }]);

    const paid = await startCheckout(freshDate(), { successUrl: 'https://weddings.example.com/thanks', cancelUrl });
    expect((await t.app.inject({ method: 'POST', url: `${paid.path}/complete`, headers: { accept: 'text/html' } })).headers.location).toBe(
      'https://weddings.example.com/thanks',
    );
    const late = await t.app.inject({ method: 'POST', url: `${paid.path}/expire`, headers: { accept: 'text/html' } });
    expect(late.statusCode).toBe(200);
    expect(late.body).toContain('Payment received.');
    expect(late.body).toContain('<a href="https://weddings.example.com/thanks">Continue</a>');
  });

  it('answers 404 for a session that does not exist', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/dev/checkout/cs_sim_doesnotexist' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'POST', url: '/v1/dev/checkout/not-a-session/complete' })).statusCode).toBe(404);
  });
});

describe('simulated payment routes with real Stripe keys', () => {
  let fake: FakeStripeServer;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    t = await createTestApp({ env: { STRIPE_SECRET_KEY: 'sk_test_mais', STRIPE_API_URL: fake.url } });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('do not exist', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/v1/dev/checkout/cs_sim_0123' });
    expect(page.statusCode).toBe(404);
    expect(page.json().detail).toBe('No such route');
    expect((await t.app.inject({ method: 'POST', url: '/v1/dev/checkout/cs_sim_0123/complete' })).statusCode).toBe(404);
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/dev/'))).toEqual([]);
  });
});

describeWithRedis('simulated payments in production (SIMULATED_PAYMENTS=true)', () => {
  let t: TestApp;
  let tenant: BookingTenant;

  beforeAll(async () => {
    // No Stripe settings at all: the opt-in alone lets production boot, with a generated webhook secret.
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { NODE_ENV: 'production', SIMULATED_PAYMENTS: 'true', STRIPE_WEBHOOK_SECRET: '' } });
    tenant = await createBookingTenant(t, 'prod-sim');
  });
  afterAll(() => t?.close());

  it('has the dev checkout routes, listed in the OpenAPI document, signing with a secret of its own', async () => {
    expect(t.settings.isProduction).toBe(true);
    expect(t.settings.stripeWebhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/dev/checkout'))).toHaveLength(3);

    const res = await postCheckout(t, tenant, checkoutBody(freshDate()));
    expect(res.statusCode).toBe(201);
    const paid = await t.app.inject({ method: 'POST', url: `${new URL(res.json().checkoutUrl).pathname}/complete`, headers: { accept: 'application/json' } });
    expect(paid.statusCode).toBe(200);
    expect(await processed(t, paid.json().eventId)).toBe('PROCESSED');
  });
});

describeWithRedis('simulated payment routes in production with Stripe settings', () => {
  let fake: FakeStripeServer;
  let t: TestApp;

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    t = await createTestApp({ redis: true, env: { NODE_ENV: 'production', STRIPE_SECRET_KEY: 'sk_live_mais', STRIPE_API_URL: fake.url } });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  it('are neither routed nor in the OpenAPI document', async () => {
    expect(t.settings.simulatedPayments).toBe(false);
    for (const [method, url] of [
      ['GET', '/v1/dev/checkout/cs_sim_0123'],
      ['POST', '/v1/dev/checkout/cs_sim_0123/complete'],
      ['POST', '/v1/dev/checkout/cs_sim_0123/expire'],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: { accept: 'application/json' } });
      expect(res.statusCode).toBe(404);
      expect(res.json().detail).toBe('No such route');
    }
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/v1/dev/'))).toEqual([]);
    expect(doc.tags?.map((tag: { name: string }) => tag.name) ?? []).not.toContain('simulated payments');
  });
});
