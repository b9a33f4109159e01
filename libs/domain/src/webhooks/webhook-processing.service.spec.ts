import { randomUUID } from 'node:crypto';
import { buildCheckoutMetadata } from '@mais/payments';
import { signStripePayload } from '@mais/testing';
import { createBookingServices, nextFreeDate, type BookingServices, type SeededBookingTenant } from '../../testing/booking-services';
import { CheckoutService } from '../booking/checkout.service';
import { WebhookIngestionService } from './webhook-ingestion.service';
import { WebhookProcessingService } from './webhook-processing.service';

/**
 * Stripe-shaped events, signed and stored by the real ingestion, then processed one at a time: the booking, the
 * failure and refund of a lost race or a wrong amount, releases, refunds, Connect status, and what is ignored.
 */
describe(WebhookProcessingService.name, () => {
  let s: BookingServices;
  let service: WebhookProcessingService;
  let tenant: SeededBookingTenant;
  const account = 'acct_1UnitWebhooks';
  const sql = (text: string, params: unknown[] = []) => s.em.getConnection().execute(text, params);

  beforeAll(async () => {
    s = await createBookingServices();
    service = s.get(WebhookProcessingService);
    tenant = await s.seedTenant({ stripeAccountId: account });
  });
  afterAll(() => s?.close());

  /** Signs and ingests an event as the webhook route would; returns the stored event's id. */
  async function deliver(type: string, object: object, options: { account?: string | null; created?: number } = {}): Promise<string> {
    const payload = JSON.stringify({
      id: `evt_${randomUUID().replace(/-/g, '')}`,
      object: 'event',
      type,
      created: options.created ?? Math.floor(Date.now() / 1000),
      ...(options.account === null ? {} : { account: options.account ?? account }),
      data: { object },
    });
    const stored = await s.get(WebhookIngestionService).ingest(Buffer.from(payload), signStripePayload(payload, 'whsec_unit'));
    return stored.webhookEventId;
  }

  async function checkout(eventDate = nextFreeDate(), owner: SeededBookingTenant = tenant) {
    const started = await s.scope.run(owner.id, () =>
      s.get(CheckoutService).start({ packageSlug: 'classic', eventDate, customer: { email: 'ada@example.test', name: 'Ada' } }),
    );
    const [hold] = await sql(`select id from checkout_holds where session_id = ?`, [started.sessionId]);
    return { ...started, holdId: hold.id as string, eventDate, tenantId: owner.id, paymentIntent: `pi_${randomUUID().replace(/-/g, '')}` };
  }
  type Checkout = Awaited<ReturnType<typeof checkout>>;

  const session = (c: Checkout, overrides: Record<string, unknown> = {}) => ({
    id: c.sessionId,
    object: 'checkout.session',
    status: 'complete',
    payment_status: 'paid',
    payment_intent: c.paymentIntent,
    amount_total: c.totalCents,
    currency: c.currency,
    client_reference_id: c.holdId,
    metadata: buildCheckoutMetadata({ tenantId: c.tenantId, holdId: c.holdId, eventDate: c.eventDate }),
    ...overrides,
  });
  const eventRow = async (id: string) => (await sql(`select status, tenant_id, attempts, last_error from webhook_events where id = ?`, [id]))[0];
  const bookings = (sessionId: string) => sql(`select status, total_cents, payment_intent_id from bookings where checkout_session_id = ?`, [sessionId]);
  const failures = (sessionId: string) => sql(`select reason, refund_id, amount_cents from booking_failures where checkout_session_id = ?`, [sessionId]);
  const holdStatus = async (c: Checkout) => (await sql(`select status from checkout_holds where id = ?`, [c.holdId]))[0].status;

  it('books a paid checkout once: the event is PROCESSED, the hold CONVERTED, the confirmation jobs recorded', async () => {
    const c = await checkout();
    const id = await deliver('checkout.session.completed', session(c));

    expect(await service.process(id)).toMatchObject({ status: 'PROCESSED' });

    expect(await bookings(c.sessionId)).toEqual([{ status: 'PAID', total_cents: 10001, payment_intent_id: c.paymentIntent }]);
    expect(await holdStatus(c)).toBe('CONVERTED');
    expect(await eventRow(id)).toEqual({ status: 'PROCESSED', tenant_id: tenant.id, attempts: 0, last_error: null });
    // Recorded in the booking's transaction, then handed to the queue (SENT).
    const jobs = await sql(`select name, status from outbox_jobs where payload->>'bookingId' = (select id::text from bookings where checkout_session_id = ?)`, [
      c.sessionId,
    ]);
    expect(jobs).toContainEqual({ name: 'emails.send', status: 'SENT' });
    // Processed once: the same stored event is not processed again.
    expect(await service.process(id)).toBeNull();
  });

  it('books once when a second, different completion event arrives for the same session', async () => {
    const c = await checkout();
    await service.process(await deliver('checkout.session.completed', session(c)));
    const second = await deliver('checkout.session.async_payment_succeeded', session(c));

    expect(await service.process(second)).toMatchObject({ status: 'PROCESSED' });
    expect(await bookings(c.sessionId)).toHaveLength(1);
  });

  it('refunds a payment whose date was taken meanwhile and records the failure, not a booking', async () => {
    const date = nextFreeDate();
    const lost = await checkout(date);
    // The hold expired and another customer booked the date before the first payment's event came in.
    await sql(`update checkout_holds set expires_at = now() - interval '1 second' where id = ?`, [lost.holdId]);
    const winner = await checkout(date);
    await service.process(await deliver('checkout.session.completed', session(winner)));

    expect(await service.process(await deliver('checkout.session.completed', session(lost)))).toMatchObject({ status: 'PROCESSED' });

    expect(await bookings(lost.sessionId)).toEqual([]);
    expect(await failures(lost.sessionId)).toEqual([{ reason: 'BOOKED', refund_id: expect.stringMatching(/^re_sim_/), amount_cents: 10001 }]);
    expect(await bookings(winner.sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
  });

  it('refuses to book a payment of another amount, refunding what was charged', async () => {
    const c = await checkout();

    await service.process(await deliver('checkout.session.completed', session(c, { amount_total: 100 })));

    expect(await bookings(c.sessionId)).toEqual([]);
    expect(await failures(c.sessionId)).toEqual([{ reason: 'AMOUNT_MISMATCH', refund_id: expect.stringMatching(/^re_sim_/), amount_cents: 100 }]);
    expect(await holdStatus(c)).toBe('RELEASED');
  });

  it('keeps the hold for a payment still pending, and frees the date when the checkout expires', async () => {
    const c = await checkout();
    await service.process(await deliver('checkout.session.completed', session(c, { payment_status: 'unpaid' })));
    expect(await holdStatus(c)).toBe('OPEN');

    const expired = await deliver('checkout.session.expired', session(c, { status: 'expired', payment_status: 'unpaid', payment_intent: null }));
    expect(await service.process(expired)).toMatchObject({ status: 'PROCESSED' });
    expect(await holdStatus(c)).toBe('RELEASED');
    expect(await bookings(c.sessionId)).toEqual([]);
  });

  it('marks a booking REFUNDED on a full refund of its charge, and leaves it PAID on a partial one', async () => {
    const c = await checkout();
    await service.process(await deliver('checkout.session.completed', session(c)));
    const charge = { id: `ch_${randomUUID()}`, object: 'charge', payment_intent: c.paymentIntent, amount: 10001, metadata: { tenantId: tenant.id } };

    await service.process(await deliver('charge.refunded', { ...charge, amount_refunded: 500, refunded: false }));
    expect(await bookings(c.sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);

    await service.process(await deliver('charge.refunded', { ...charge, amount_refunded: 10001, refunded: true }));
    expect(await bookings(c.sessionId)).toEqual([expect.objectContaining({ status: 'REFUNDED' })]);
  });

  it('fails, without retry, an event from another account than its tenant uses, and books nothing', async () => {
    const c = await checkout();
    const id = await deliver('checkout.session.completed', session(c), { account: 'acct_1SomeoneElse' });

    expect(await service.process(id)).toMatchObject({ status: 'FAILED' });
    expect(await eventRow(id)).toMatchObject({ status: 'FAILED', tenant_id: tenant.id, attempts: 1, last_error: expect.stringContaining('acct_1SomeoneElse') });
    expect(await bookings(c.sessionId)).toEqual([]);
  });

  it('keeps Connect account status from account.updated, ignoring an older event that arrives late', async () => {
    const now = Math.floor(Date.now() / 1000);
    const accountObject = (chargesEnabled: boolean) => ({
      id: account,
      object: 'account',
      charges_enabled: chargesEnabled,
      details_submitted: true,
      requirements: { currently_due: [], past_due: [], disabled_reason: null },
    });
    await service.process(await deliver('account.updated', accountObject(true), { created: now }));
    const late = await deliver('account.updated', accountObject(false), { created: now - 60 });

    expect(await service.process(late)).toMatchObject({ status: 'PROCESSED' });
    expect(await sql(`select charges_enabled from tenants where id = ?`, [tenant.id])).toEqual([{ charges_enabled: true }]);
    expect((await eventRow(late)).last_error).toMatch(/Older than/);
  });

  it('ignores event types MAIS does not act on, checkouts of tenants that do not exist, and unknown accounts', async () => {
    const unknownType = await deliver('customer.created', { id: 'cus_1', object: 'customer' });
    const c = await checkout();
    const noTenant = await deliver('checkout.session.completed', {
      ...session(c),
      metadata: buildCheckoutMetadata({ tenantId: randomUUID(), holdId: c.holdId, eventDate: c.eventDate }),
    });
    const noAccount = await deliver('account.application.deauthorized', { id: 'ca_1', object: 'application' }, { account: 'acct_1Nobody' });

    for (const id of [unknownType, noTenant, noAccount]) {
      expect(await service.process(id)).toMatchObject({ status: 'IGNORED' });
      expect(await eventRow(id)).toMatchObject({ status: 'IGNORED' });
    }
    expect(await bookings(c.sessionId)).toEqual([]);
  });

  describe('processBatch: the events a worker holds at once', () => {
    const otherAccount = 'acct_1UnitWebhooksOther';
    let other: SeededBookingTenant;
    beforeAll(async () => {
      other = await s.seedTenant({ stripeAccountId: otherAccount });
    });
    const paidBy = (c: Checkout) => deliver('checkout.session.completed', session(c), { account: c.tenantId === other.id ? otherAccount : account });
    /** A booking as the widget, the emails and the tenant's webhooks see it: every column but ids and times. */
    const bookingSeen = async (sessionId: string) =>
      (
        await sql(
          `select b.tenant_id, b.event_date::text, b.status, b.package_id, b.line_items, b.total_cents, b.commission_cents, b.commission_percent,
                  b.currency, b.notes, b.metadata, b.payment_intent_id, b.hold_id, c.email, c.name, c.phone, e.data - 'booking' as rest, e.data->'booking' as event
             from bookings b join customers c on c.id = b.customer_id
             left join tenant_events e on e.tenant_id = b.tenant_id and e.type = 'booking.created' and e.data->'booking'->>'id' = b.id::text
            where b.checkout_session_id = ?`,
          [sessionId],
        )
      ).map((row: Record<string, unknown>) => ({ ...row, event: { ...(row.event as object), id: 'x' } }));

    it('books the paid checkouts of several tenants together, as one at a time would', async () => {
      // References booked one at a time, one per tenant (line items name the tenant's own package).
      const alone = { [tenant.id]: await checkout(), [other.id]: await checkout(undefined, other) };
      for (const c of Object.values(alone)) await service.process(await paidBy(c));
      const together = [await checkout(), await checkout(undefined, other), await checkout(), await checkout(undefined, other)];
      const ids = await Promise.all(together.map(paidBy));

      const { done, rest } = await service.processBatch(ids);

      expect(rest).toEqual([]);
      expect([...done.values()]).toEqual(ids.map(() => ({ status: 'PROCESSED', receivedAt: expect.any(Date) })));
      for (const [i, c] of together.entries()) {
        expect(await eventRow(ids[i])).toEqual({ status: 'PROCESSED', tenant_id: c.tenantId, attempts: 0, last_error: null });
        expect(await holdStatus(c)).toBe('CONVERTED');
        const [seen] = await bookingSeen(c.sessionId);
        // The same booking, customer and booking.created event as the single path made for its tenant's reference.
        const [reference] = await bookingSeen(alone[c.tenantId].sessionId);
        expect(seen).toEqual({
          ...reference,
          event_date: c.eventDate,
          payment_intent_id: c.paymentIntent,
          hold_id: c.holdId,
          event: { ...reference.event, eventDate: c.eventDate },
        });
        const jobs = await sql(
          `select name, status from outbox_jobs where payload->>'bookingId' = (select id::text from bookings where checkout_session_id = ?)`,
          [c.sessionId],
        );
        expect(jobs).toEqual([{ name: 'emails.send', status: 'SENT' }]);
      }
      // Nothing is processed twice: the same ids again are done, untouched.
      expect(await service.processBatch(ids)).toEqual({ done: new Map(ids.map((id) => [id, null])), rest: [] });
    });

    it('leaves every other case to the single path, which decides it as before', async () => {
      const date = nextFreeDate();
      const lapsed = await checkout(date);
      await sql(`update checkout_holds set expires_at = now() - interval '1 second' where id = ?`, [lapsed.holdId]);
      const rival = await checkout(date); // takes the date: the lapsed hold is RELEASED
      const plain = await checkout();
      const wrongAmount = await checkout();
      const crossTenant = await checkout(undefined, other);
      const sameSession = await checkout();
      const events = {
        lapsed: await paidBy(lapsed),
        rival: await paidBy(rival),
        plain: await paidBy(plain),
        wrongAmount: await deliver('checkout.session.completed', session(wrongAmount, { amount_total: 100 })),
        // Names this tenant but a hold of the other one: not found under this tenant.
        crossTenant: await deliver('checkout.session.completed', {
          ...session(crossTenant),
          metadata: buildCheckoutMetadata({ tenantId: tenant.id, holdId: crossTenant.holdId, eventDate: crossTenant.eventDate }),
        }),
        wrongAccount: await deliver('checkout.session.completed', session(await checkout()), { account: 'acct_1SomeoneElse' }),
        first: await paidBy(sameSession),
        second: await deliver('checkout.session.async_payment_succeeded', session(sameSession)),
        expired: await deliver('checkout.session.expired', session(await checkout(), { status: 'expired', payment_status: 'unpaid', payment_intent: null })),
      };

      const { done, rest } = await service.processBatch(Object.values(events));

      expect([...done.keys()].sort()).toEqual([events.rival, events.plain, events.first].sort());
      expect(rest.sort()).toEqual([events.lapsed, events.wrongAmount, events.crossTenant, events.wrongAccount, events.second, events.expired].sort());
      for (const id of rest) expect(await eventRow(id)).toMatchObject({ status: 'PENDING' });
      // The single path, one at a time, as the worker runs it next.
      for (const id of rest) await service.process(id);
      expect(await bookings(rival.sessionId)).toEqual([expect.objectContaining({ status: 'PAID' })]);
      expect(await bookings(lapsed.sessionId)).toEqual([]);
      expect(await failures(lapsed.sessionId)).toEqual([{ reason: 'BOOKED', refund_id: expect.stringMatching(/^re_sim_/), amount_cents: 10001 }]);
      expect(await failures(wrongAmount.sessionId)).toEqual([expect.objectContaining({ reason: 'AMOUNT_MISMATCH' })]);
      expect(await bookings(crossTenant.sessionId)).toEqual([]);
      expect(await eventRow(events.crossTenant)).toMatchObject({ status: 'FAILED' });
      expect(await eventRow(events.wrongAccount)).toMatchObject({ status: 'FAILED' });
      expect(await bookings(sameSession.sessionId)).toHaveLength(1);
      expect(await eventRow(events.second)).toMatchObject({ status: 'PROCESSED' });
      expect(await eventRow(events.expired)).toMatchObject({ status: 'PROCESSED' });
    });

    it('leaves a session booked meanwhile, or a date taken meanwhile, to the single path (read under the locks)', async () => {
      const c = await checkout();
      const booked = await paidBy(c);
      const again = await deliver('checkout.session.async_payment_succeeded', session(c));
      await service.process(booked);
      const blocked = await checkout();
      await s.scope.run(tenant.id, () =>
        sql(`insert into blackout_dates (id, created_at, updated_at, tenant_id, date) values (?, now(), now(), ?, ?)`, [
          randomUUID(),
          tenant.id,
          blocked.eventDate,
        ]),
      );
      const blackedOut = await paidBy(blocked);

      const { done, rest } = await service.processBatch([again, blackedOut]);

      expect(done.size).toBe(0);
      expect(rest.sort()).toEqual([again, blackedOut].sort());
      expect(await bookings(c.sessionId)).toHaveLength(1);
      await service.process(blackedOut);
      expect(await failures(blocked.sessionId)).toEqual([expect.objectContaining({ reason: 'BLACKOUT' })]);
    });
  });
});
