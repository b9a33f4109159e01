import { JobQueue } from '@mais/domain';
import { BullMqJobQueue, DEFAULT_QUEUE_SETTINGS, JobQueueUnavailableError } from '@mais/jobs';
import { describeWithRedis, FakeStripeServer, FakeStripeObject, signStripePayload } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import {
  adminGet,
  BookingTenant,
  checkoutBody,
  createBookingTenant,
  createPlatformAdmin,
  freshDate,
  postCheckout,
  postWebhook,
  processed,
  sql,
  stripeEvent,
} from '../../api/test/support/booking-fixtures';

/**
 * The money path against real PostgreSQL and Redis (BullMQ), with the real `stripe` client talking to a
 * local fake Stripe: checkout → signed webhook → worker → booking, and everything that can go wrong.
 */
describeWithRedis('booking pipeline (Stripe, BullMQ)', () => {
  let fake: FakeStripeServer;
  let t: TestApp;
  let tenant: BookingTenant;
  let platformToken: string;
  const account = 'acct_1MaisTenantA';

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { STRIPE_SECRET_KEY: 'sk_test_mais', STRIPE_API_URL: fake.url } });
    tenant = await createBookingTenant(t, 'pipeline', { stripeAccountId: account });
    platformToken = await createPlatformAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  const widget = () => ({ 'x-tenant-key': tenant.publicKey });
  const availability = async (date: string) => (await t.app.inject({ method: 'GET', url: `/v1/availability?date=${date}`, headers: widget() })).json();
  const queue = () => t.app.get(JobQueue) as BullMqJobQueue;

  async function checkout(eventDate: string, extra: Record<string, unknown> = {}): Promise<{ sessionId: string; body: Record<string, unknown> }> {
    const res = await postCheckout(t, tenant, checkoutBody(eventDate, extra));
    expect(res.statusCode).toBe(201);
    return { sessionId: res.json().sessionId, body: res.json() };
  }

  /** The customer pays on (fake) Stripe; Stripe then sends the signed completion event. */
  function pay(sessionId: string): FakeStripeObject {
    return fake.completeSession(sessionId);
  }

  const completed = (session: FakeStripeObject, id?: string) => stripeEvent('checkout.session.completed', { ...session }, account, id);
  const bookingsOf = (sessionId: string) =>
    sql<{ id: string; status: string }>(t, `select id, status from bookings where checkout_session_id = ?`, [sessionId]);
  const holdOf = async (sessionId: string) =>
    (await sql<{ status: string }>(t, `select status from checkout_holds where session_id = ?`, [sessionId]))[0]?.status;

  it('books a paid checkout end to end: checkout, signed completion, worker, booking, date unavailable', async () => {
    const eventDate = freshDate();
    const { sessionId, body } = await checkout(eventDate, { addOnIds: [tenant.addOns.drone] });
    expect(body).toEqual({
      sessionId: expect.stringMatching(/^cs_test_/),
      checkoutUrl: expect.stringContaining(`/c/pay/${sessionId}`),
      expiresAt: expect.any(String),
      totalCents: 12001,
      commissionCents: 1501,
      currency: 'usd',
    });
    // A direct charge on the tenant's connected account, the commission as application fee, keyed by the hold.
    const [create] = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(create.stripeAccount).toBe(account);
    expect(create.idempotencyKey).toMatch(/^checkout:[0-9a-f-]{36}$/);
    expect(create.body).toMatchObject({
      payment_intent_data: { application_fee_amount: '1501' },
      customer_email: 'ann@example.com',
      metadata: { tenantId: tenant.id, eventDate },
    });
    expect(new Date(body.expiresAt as string).getTime()).toBe(Number(fake.sessions.get(sessionId)!.expires_at) * 1000);
    expect(await availability(eventDate)).toMatchObject({ available: false, reason: 'HELD' });

    const event = completed(pay(sessionId));
    const res = await postWebhook(t, event);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true });
    expect(await processed(t, event.id)).toBe('PROCESSED');

    const [booking] = await bookingsOf(sessionId);
    expect(booking.status).toBe('PAID');
    expect(await holdOf(sessionId)).toBe('CONVERTED');
    expect(await availability(eventDate)).toEqual({ date: eventDate, available: false, reason: 'BOOKED' });
    const detail = (await adminGet(t, tenant, `/v1/admin/bookings/${booking.id}`)).json();
    expect(detail).toMatchObject({
      eventDate,
      status: 'PAID',
      totalCents: 12001,
      commissionCents: 1501,
      paymentIntentId: fake.sessions.get(sessionId)!.payment_intent,
      lineItems: [
        { kind: 'PACKAGE', id: tenant.packageId, name: 'Classic', priceCents: 10001 },
        { kind: 'ADD_ON', id: tenant.addOns.drone, name: 'Drone footage', priceCents: 2000 },
      ],
    });
    // The confirmation emails (the couple's and the business's, one job) are queued under an id derived from the
    // booking; no calendar event, as this tenant has no calendar connected (calendar.e2e-spec.ts has one).
    const emailJob = await queue().bullQueue('emails').getJob(`email-booking-confirmed-${booking.id}`);
    expect(emailJob?.data).toEqual({ tenantId: tenant.id, template: 'booking-confirmed', bookingId: booking.id, withTenantNotice: true });
    expect(await sql(t, `select 1 from outbox_jobs where job_id = ?`, [`calendar-upsert-event-${booking.id}`])).toEqual([]);
    // And another checkout for that date is refused.
    const again = await postCheckout(t, tenant, checkoutBody(eventDate));
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DATE_UNAVAILABLE' });
  });

  it('processes the same event delivered 50 times at once exactly once', async () => {
    const { sessionId } = await checkout(freshDate());
    const event = completed(pay(sessionId));
    const responses = await Promise.all(Array.from({ length: 50 }, () => postWebhook(t, event)));
    expect(responses.every((r) => r.statusCode === 200)).toBe(true);
    expect(responses.filter((r) => r.json().duplicate === true)).toHaveLength(49);
    expect(responses.filter((r) => r.json().duplicate === undefined)).toHaveLength(1);
    await processed(t, event.id);
    expect(await bookingsOf(sessionId)).toHaveLength(1);
    expect(await sql(t, `select id from webhook_events where provider_event_id = ?`, [event.id])).toHaveLength(1);
  });

  it('acknowledges every later redelivery as a duplicate, before and after processing, and books once; a bad signature is still refused', async () => {
    const { sessionId } = await checkout(freshDate());
    const event = completed(pay(sessionId));
    expect((await postWebhook(t, event)).json()).toEqual({ received: true });
    // Stripe's storm: the same event three more times (answered by the API process's memory of stored events).
    for (let delivery = 2; delivery <= 4; delivery++) {
      const res = await postWebhook(t, event);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ received: true, duplicate: true });
    }
    expect(await processed(t, event.id)).toBe('PROCESSED');
    expect((await postWebhook(t, event)).json()).toEqual({ received: true, duplicate: true });

    // A remembered event id is no pass: the signature is checked on every delivery.
    const forged = await postWebhook(t, event, { secret: 'whsec_not_ours' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'INVALID_SIGNATURE' });
    expect((await postWebhook(t, event, { signature: null })).statusCode).toBe(400);

    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
    expect(await sql(t, `select status, attempts from webhook_events where provider_event_id = ?`, [event.id])).toEqual([{ status: 'PROCESSED', attempts: 0 }]);
  });

  it('books once when two different completion events arrive for one session', async () => {
    const { sessionId } = await checkout(freshDate());
    const session = pay(sessionId);
    const first = completed(session);
    const second = stripeEvent('checkout.session.async_payment_succeeded', { ...session }, account);
    await Promise.all([postWebhook(t, first), postWebhook(t, second)]);
    expect([await processed(t, first.id), await processed(t, second.id)]).toEqual(['PROCESSED', 'PROCESSED']);
    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
  });

  it('waits for a delayed payment: an unpaid completion keeps the hold, async success books, async failure frees', async () => {
    const [laterDate, failedDate] = [freshDate(), freshDate()];
    const later = await checkout(laterDate);
    const failed = await checkout(failedDate);
    for (const { sessionId } of [later, failed]) {
      const unpaid = stripeEvent('checkout.session.completed', { ...fake.sessions.get(sessionId)!, status: 'complete', payment_status: 'unpaid' }, account);
      await postWebhook(t, unpaid);
      expect(await processed(t, unpaid.id)).toBe('PROCESSED');
      expect(await holdOf(sessionId)).toBe('OPEN');
    }
    const succeeded = stripeEvent('checkout.session.async_payment_succeeded', { ...pay(later.sessionId) }, account);
    const failure = stripeEvent('checkout.session.async_payment_failed', { ...fake.sessions.get(failed.sessionId)!, payment_status: 'unpaid' }, account);
    await Promise.all([postWebhook(t, succeeded), postWebhook(t, failure)]);
    expect([await processed(t, succeeded.id), await processed(t, failure.id)]).toEqual(['PROCESSED', 'PROCESSED']);
    expect(await bookingsOf(later.sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
    expect(await holdOf(failed.sessionId)).toBe('RELEASED');
    expect(await availability(failedDate)).toMatchObject({ available: true });
  });

  it('keeps the booking when the expired event arrives after the completion', async () => {
    const eventDate = freshDate();
    const { sessionId } = await checkout(eventDate);
    const session = pay(sessionId);
    const done = completed(session);
    await postWebhook(t, done);
    await processed(t, done.id);
    const expired = stripeEvent('checkout.session.expired', { ...session, status: 'expired' }, account);
    await postWebhook(t, expired);
    expect(await processed(t, expired.id)).toBe('PROCESSED');
    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
    expect(await holdOf(sessionId)).toBe('CONVERTED');
    expect((await availability(eventDate)).reason).toBe('BOOKED');
  });

  it('records a refund that arrives before the completion as a refunded booking, and leaves the date free', async () => {
    const eventDate = freshDate();
    const { sessionId } = await checkout(eventDate);
    const session = pay(sessionId);
    const charge = {
      id: 'ch_early',
      object: 'charge',
      payment_intent: session.payment_intent,
      refunded: true,
      amount: 10001,
      amount_refunded: 10001,
      metadata: session.metadata,
    };
    const refund = stripeEvent('charge.refunded', charge, account);
    await postWebhook(t, refund);
    expect(await processed(t, refund.id)).toBe('PROCESSED');

    const done = completed(session);
    await postWebhook(t, done);
    expect(await processed(t, done.id)).toBe('PROCESSED');
    const [booking] = await sql<{ status: string; refunded_at: Date | null }>(t, `select status, refunded_at from bookings where checkout_session_id = ?`, [
      sessionId,
    ]);
    expect(booking.status).toBe('REFUNDED');
    expect(booking.refunded_at).toBeTruthy();
    expect(await holdOf(sessionId)).toBe('CONVERTED');
    expect(await availability(eventDate)).toEqual({ date: eventDate, available: true, reason: null });
  });

  it('marks a booking REFUNDED on charge.refunded, frees the date, and removes it from the calendar', async () => {
    const eventDate = freshDate();
    const { sessionId } = await checkout(eventDate);
    const session = pay(sessionId);
    const done = completed(session);
    await postWebhook(t, done);
    await processed(t, done.id);
    const partial = stripeEvent(
      'charge.refunded',
      { id: 'ch_1', payment_intent: session.payment_intent, refunded: false, amount: 10001, amount_refunded: 100, metadata: session.metadata },
      account,
    );
    await postWebhook(t, partial);
    await processed(t, partial.id);
    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);

    const full = stripeEvent(
      'charge.refunded',
      { id: 'ch_1', payment_intent: session.payment_intent, refunded: true, amount: 10001, amount_refunded: 10001 },
      account,
    );
    await postWebhook(t, full);
    expect(await processed(t, full.id)).toBe('PROCESSED');
    const [booking] = await bookingsOf(sessionId);
    expect(booking.status).toBe('REFUNDED');
    expect(await availability(eventDate)).toMatchObject({ available: true });
    expect(await queue().bullQueue('calendar').getJob(`calendar-delete-event-${booking.id}`)).toBeTruthy();
  });

  it('cancels a booking with a refund on the connected account, once; a refused refund changes nothing', async () => {
    const eventDate = freshDate();
    const { sessionId } = await checkout(eventDate);
    const session = pay(sessionId);
    const done = completed(session);
    await postWebhook(t, done);
    await processed(t, done.id);
    const [{ id }] = await bookingsOf(sessionId);
    const cancel = () =>
      t.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${id}/cancel`,
        headers: { authorization: `Bearer ${tenant.adminToken}` },
        payload: { refund: true },
      });

    fake.failNext(1, 400);
    const refused = await cancel();
    expect(refused.statusCode).toBe(502);
    expect(refused.json().code).toBe('PAYMENT_PROVIDER_ERROR');
    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);

    const res = await cancel();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id, status: 'REFUNDED', refundedAt: expect.any(String), cancelledAt: expect.any(String) });
    const refunds = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === session.payment_intent && r.status === 200);
    expect(refunds).toEqual([expect.objectContaining({ stripeAccount: account, idempotencyKey: `refund-booking-${id}` })]);
    expect(await queue().bullQueue('emails').getJob(`email-booking-cancelled-${id}`)).toBeTruthy();
    expect(await queue().bullQueue('calendar').getJob(`calendar-delete-event-${id}`)).toBeTruthy();
    expect(await availability(eventDate)).toMatchObject({ available: true });

    // Stripe's notice of that refund changes nothing more.
    const notice = stripeEvent('charge.refunded', { id: 'ch_2', payment_intent: session.payment_intent, refunded: true, metadata: session.metadata }, account);
    await postWebhook(t, notice);
    expect(await processed(t, notice.id)).toBe('PROCESSED');
    expect(await bookingsOf(sessionId)).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
  });

  // 200 requests through the whole stack at once: 5 s on an idle 2-core machine, 73 s once under a heavy load.
  it('gives exactly one of 200 concurrent checkouts for one date the hold; the other 199 are 409 DATE_UNAVAILABLE', async () => {
    const eventDate = freshDate();
    const before = fake.requestsTo('POST', '/v1/checkout/sessions').length;
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postCheckout(t, tenant, checkoutBody(eventDate, { customer: { email: `guest${i}@example.com`, name: `Guest ${i}` } })),
      ),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(199);
    expect(responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'DATE_UNAVAILABLE')).toBe(true);
    expect(await sql(t, `select id from checkout_holds where tenant_id = ? and event_date = ? and status = 'OPEN'`, [tenant.id, eventDate])).toHaveLength(1);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').length - before).toBe(1);
  }, 120_000);

  it('refunds a paid session whose date was taken meanwhile, and records the failure', async () => {
    const eventDate = freshDate();
    const late = await checkout(eventDate);
    // The first customer's hold runs out; a second customer takes the date and pays.
    await sql(t, `update checkout_holds set expires_at = now() - interval '1 minute' where session_id = ?`, [late.sessionId]);
    const winner = await checkout(eventDate);
    const winnerEvent = completed(pay(winner.sessionId));
    await postWebhook(t, winnerEvent);
    await processed(t, winnerEvent.id);
    // Then the first customer, still on Stripe's page, pays too.
    const lateSession = pay(late.sessionId);
    const lateEvent = completed(lateSession);
    await postWebhook(t, lateEvent);
    expect(await processed(t, lateEvent.id)).toBe('PROCESSED');

    expect(await bookingsOf(late.sessionId)).toEqual([]);
    const refunds = fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === lateSession.payment_intent);
    expect(refunds).toHaveLength(1);
    expect(refunds[0].stripeAccount).toBe(account);
    expect(refunds[0].idempotencyKey).toBe(`refund-date-taken-${late.sessionId}`);
    const [failure] = await sql<{ id: string; reason: string; refund_id: string; amount_cents: number; customer_email: string }>(
      t,
      `select id, reason, refund_id, amount_cents, customer_email from booking_failures where checkout_session_id = ?`,
      [late.sessionId],
    );
    expect(failure).toMatchObject({ reason: 'BOOKED', refund_id: expect.stringMatching(/^re_test_/), amount_cents: 10001, customer_email: 'ann@example.com' });
    expect(await holdOf(late.sessionId)).toBe('RELEASED');
    expect(await queue().bullQueue('emails').getJob(`email-payment-refunded-date-taken-${failure.id}`)).toBeTruthy();
    expect(await bookingsOf(winner.sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
  });

  describe("a completion whose charge is not the hold's price", () => {
    const failureOf = async (sessionId: string) =>
      (
        await sql<{ id: string; reason: string; refund_id: string | null; amount_cents: number; currency: string; event_date: string; customer_email: string }>(
          t,
          `select id, reason, refund_id, amount_cents, currency, to_char(event_date, 'YYYY-MM-DD') as event_date, customer_email from booking_failures where checkout_session_id = ?`,
          [sessionId],
        )
      )[0];
    const refundsOf = (paymentIntent: unknown) => fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === paymentIntent);

    it.each([
      ['AMOUNT_MISMATCH', { amountTotal: 101 }, 101, 'usd'],
      ['AMOUNT_MISMATCH', { amountTotal: 10002 }, 10002, 'usd'],
      ['CURRENCY_MISMATCH', { currency: 'eur' }, 10001, 'eur'],
    ] as const)('is refused as %s (%o): no booking, the charge refunded, the failure recorded, the date free', async (reason, charged, amount, currency) => {
      const eventDate = freshDate();
      const { sessionId } = await checkout(eventDate);
      const session = fake.completeSession(sessionId, charged);
      const event = completed(session);
      expect((await postWebhook(t, event)).statusCode).toBe(200);
      expect(await processed(t, event.id)).toBe('PROCESSED');

      expect(await bookingsOf(sessionId)).toEqual([]);
      const failure = await failureOf(sessionId);
      expect(failure).toMatchObject({
        reason,
        amount_cents: amount,
        currency,
        event_date: eventDate,
        customer_email: 'ann@example.com',
        refund_id: expect.stringMatching(/^re_test_/),
      });
      const refunds = refundsOf(session.payment_intent);
      expect(refunds).toEqual([expect.objectContaining({ stripeAccount: account, idempotencyKey: `refund-payment-mismatch-${sessionId}`, status: 200 })]);
      expect(fake.refunds.get(failure.refund_id!)).toMatchObject({ amount, currency });
      expect(await holdOf(sessionId)).toBe('RELEASED');
      expect(await availability(eventDate)).toEqual({ date: eventDate, available: true, reason: null });
      expect(await queue().bullQueue('emails').getJob(`email-payment-refunded-date-taken-${failure.id}`)).toBeTruthy();

      // Stripe delivers it again: nothing more is refunded or recorded.
      const again = completed(session);
      await postWebhook(t, again);
      expect(await processed(t, again.id)).toBe('PROCESSED');
      expect(refundsOf(session.payment_intent).filter((r) => !r.idempotentReplay)).toHaveLength(1);
      expect(await bookingsOf(sessionId)).toEqual([]);
    });

    it('is recorded without a second refund when the payment was already refunded', async () => {
      const { sessionId } = await checkout(freshDate());
      const session = fake.completeSession(sessionId, { amountTotal: 500 });
      const refund = stripeEvent(
        'charge.refunded',
        { id: 'ch_mismatch', payment_intent: session.payment_intent, refunded: true, amount: 500, amount_refunded: 500, metadata: session.metadata },
        account,
      );
      await postWebhook(t, refund);
      await processed(t, refund.id);

      const event = completed(session);
      await postWebhook(t, event);
      expect(await processed(t, event.id)).toBe('PROCESSED');
      expect(await bookingsOf(sessionId)).toEqual([]);
      expect(await failureOf(sessionId)).toMatchObject({ reason: 'AMOUNT_MISMATCH', amount_cents: 500, refund_id: null });
      expect(refundsOf(session.payment_intent)).toEqual([]);
    });
  });

  it('retries a handler that keeps failing, marks the event FAILED, and processes it when replayed', async () => {
    const eventDate = freshDate();
    const late = await checkout(eventDate);
    await sql(t, `update checkout_holds set expires_at = now() - interval '1 minute' where session_id = ?`, [late.sessionId]);
    const winner = await checkout(eventDate);
    const winnerEvent = completed(pay(winner.sessionId));
    await postWebhook(t, winnerEvent);
    await processed(t, winnerEvent.id);

    // Stripe refuses every refund attempt the queue makes.
    const attempts = DEFAULT_QUEUE_SETTINGS.webhooks.attempts;
    fake.failNext(attempts, 400);
    const lateSession = pay(late.sessionId);
    const lateEvent = completed(lateSession);
    await postWebhook(t, lateEvent);
    expect(await processed(t, lateEvent.id, 20_000)).toBe('FAILED');
    const [stored] = await sql<{ id: string; attempts: number; last_error: string }>(
      t,
      `select id, attempts, last_error from webhook_events where provider_event_id = ?`,
      [lateEvent.id],
    );
    expect(stored.attempts).toBe(attempts);
    expect(stored.last_error).toMatch(/PaymentProviderError: Stripe refund failed/);
    const refunds = () => fake.requestsTo('POST', '/v1/refunds').filter((r) => r.body.payment_intent === lateSession.payment_intent);
    expect(refunds().map((r) => r.status)).toEqual(Array(attempts).fill(400));

    const auth = { authorization: `Bearer ${platformToken}` };
    const dead = await t.app.inject({ method: 'GET', url: '/v1/admin/webhooks?status=FAILED', headers: auth });
    expect(dead.statusCode).toBe(200);
    expect(dead.json().items).toEqual([expect.objectContaining({ id: stored.id, providerEventId: lateEvent.id, status: 'FAILED', attempts, tenantId: null })]);

    const replay = await t.app.inject({ method: 'POST', url: `/v1/admin/webhooks/${stored.id}/replay`, headers: auth });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ status: 'PENDING' });
    expect(await processed(t, lateEvent.id)).toBe('PROCESSED');
    const [failure] = await sql<{ refund_id: string | null }>(t, `select refund_id from booking_failures where checkout_session_id = ?`, [late.sessionId]);
    expect(failure.refund_id).toMatch(/^re_test_/);
    expect(refunds().map((r) => r.status)).toEqual([...Array(attempts).fill(400), 200]);
    // Only a FAILED event can be replayed.
    const again = await t.app.inject({ method: 'POST', url: `/v1/admin/webhooks/${stored.id}/replay`, headers: auth });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a bad signature, a stale or future timestamp, a body that is not an event or a missing header with 400, storing nothing', async () => {
    const count = async () => Number((await sql<{ n: string }>(t, `select count(*) as n from webhook_events`))[0].n);
    const before = await count();
    const event = stripeEvent('checkout.session.completed', { id: 'cs_x' }, account);

    const wrongSecret = await postWebhook(t, event, { secret: 'whsec_someone_else' });
    const stale = await postWebhook(t, event, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    const future = await postWebhook(t, event, { timestamp: Math.floor(Date.now() / 1000) + 301 });
    const farFuture = await postWebhook(t, event, { timestamp: Math.floor(Date.now() / 1000) + 365 * 86400 });
    const missing = await postWebhook(t, event, { signature: null });
    const tampered = await postWebhook(t, event, {
      signature: signStripePayload(JSON.stringify(event), t.settings.stripeWebhookSecret),
      payload: JSON.stringify({ ...event, type: 'charge.refunded' }),
    });
    const notAnEvent = await postWebhook(t, null, { payload: JSON.stringify({ hello: 'world' }) });
    const empty = await postWebhook(t, null, { payload: '' });
    // Not JSON at all, signed or not: a bad signature, never a 500 or a stored event.
    const garbage = '{"id": "evt_x", "type": ';
    const notJson = await postWebhook(t, null, { payload: garbage, signature: signStripePayload(garbage, t.settings.stripeWebhookSecret) });
    for (const res of [wrongSecret, stale, future, farFuture, missing, tampered, notAnEvent, empty, notJson]) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_SIGNATURE' });
    }
    expect(await count()).toBe(before);
  });

  it('keeps an event it could not enqueue PENDING, answers 200, and the sweep processes it later', async () => {
    const { sessionId } = await checkout(freshDate());
    const event = completed(pay(sessionId));
    const jobs = queue();
    const enqueue = jobs.enqueue.bind(jobs);
    jobs.enqueue = () => Promise.reject(new JobQueueUnavailableError('Redis is unreachable (injected)'));
    try {
      const res = await postWebhook(t, event);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ received: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await bookingsOf(sessionId)).toEqual([]);
    } finally {
      jobs.enqueue = enqueue;
    }
    expect(await processed(t, event.id)).toBe('PROCESSED');
    expect(await bookingsOf(sessionId)).toHaveLength(1);
  });

  it("fails, without retrying, an event whose connected account is not its tenant's", async () => {
    const { sessionId } = await checkout(freshDate());
    const event = stripeEvent('checkout.session.completed', { ...pay(sessionId) }, 'acct_1SomeoneElse');
    await postWebhook(t, event);
    expect(await processed(t, event.id)).toBe('FAILED');
    const [stored] = await sql<{ attempts: number; last_error: string }>(t, `select attempts, last_error from webhook_events where provider_event_id = ?`, [
      event.id,
    ]);
    expect(stored.attempts).toBe(1);
    expect(stored.last_error).toContain('acct_1SomeoneElse');
    expect(await bookingsOf(sessionId)).toEqual([]);
  });

  it('stores and ignores event types it does not act on', async () => {
    const event = stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }, account);
    expect((await postWebhook(t, event)).statusCode).toBe(200);
    expect(await processed(t, event.id)).toBe('IGNORED');
  });

  it('releases the hold and answers 502 when Stripe fails to open the session', async () => {
    const eventDate = freshDate();
    fake.failNext(1, 400);
    const res = await postCheckout(t, tenant, checkoutBody(eventDate));
    expect(res.statusCode).toBe(502);
    expect(res.json()).toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });
    expect(await sql(t, `select status from checkout_holds where tenant_id = ? and event_date = ?`, [tenant.id, eventDate])).toEqual([{ status: 'RELEASED' }]);
    expect(await availability(eventDate)).toMatchObject({ available: true });
    expect((await postCheckout(t, tenant, checkoutBody(eventDate))).statusCode).toBe(201);
  });

  it('refuses, for a tenant without a connected account, with 409 PAYMENTS_NOT_READY before holding anything or calling Stripe', async () => {
    const bare = await createBookingTenant(t, 'no-account');
    const sessionsBefore = fake.requestsTo('POST', '/v1/checkout/sessions').length;
    const res = await postCheckout(t, bare, checkoutBody(freshDate()));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PAYMENTS_NOT_READY', errors: [{ field: 'payments', message: 'A connected payment account: start onboarding' }] });
    expect(await sql(t, `select status from checkout_holds where tenant_id = ?`, [bare.id])).toEqual([]);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(sessionsBefore);
  });
});
