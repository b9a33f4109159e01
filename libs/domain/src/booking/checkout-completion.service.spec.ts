import { randomUUID } from 'node:crypto';
import { signStripePayload } from '@mais/testing';
import { createBookingServices, nextFreeDate, type BookingServices, type SeededBookingTenant } from '../../testing/booking-services';
import { WebhookIngestionService } from '../webhooks/webhook-ingestion.service';
import { CheckoutCompletionService, CheckoutMismatchError, type PaidCheckout } from './checkout-completion.service';
import { CheckoutService } from './checkout.service';

/** CheckoutCompletionService called directly, in any order of arrival, on PostgreSQL with the simulated provider. */
describe(CheckoutCompletionService.name, () => {
  let s: BookingServices;
  let service: CheckoutCompletionService;
  let tenant: SeededBookingTenant;
  const sql = (text: string, params: unknown[] = []) => s.em.getConnection().execute(text, params);
  const inTenant = <T>(fn: () => Promise<T>) => s.scope.run(tenant.id, fn);

  beforeAll(async () => {
    s = await createBookingServices();
    service = s.get(CheckoutCompletionService);
    tenant = await s.seedTenant({ stripeAccountId: 'acct_1UnitCompletion' });
  });
  afterAll(() => s?.close());

  async function paidCheckout(eventDate = nextFreeDate()): Promise<PaidCheckout & { eventDate: string }> {
    const started = await inTenant(() =>
      s.get(CheckoutService).start({ packageSlug: 'classic', eventDate, customer: { email: 'bo@example.test', name: 'Bo' } }),
    );
    const [hold] = await sql(`select id from checkout_holds where session_id = ?`, [started.sessionId]);
    return {
      sessionId: started.sessionId,
      holdId: hold.id,
      paymentIntentId: `pi_${randomUUID().replace(/-/g, '')}`,
      amountTotalCents: started.totalCents,
      currency: started.currency,
      eventDate,
    };
  }
  const bookings = (sessionId: string) => sql(`select status, refunded_at is not null as refunded from bookings where checkout_session_id = ?`, [sessionId]);

  it('makes one booking however many times the completion runs, saying which run created it', async () => {
    const paid = await paidCheckout();

    const first = await inTenant(() => service.confirmPaid(paid, { isRetry: false }));
    const again = await Promise.all([1, 2, 3].map(() => inTenant(() => service.confirmPaid(paid, { isRetry: true }))));

    expect(first).toMatchObject({ kind: 'booked', created: true });
    expect(again).toEqual(Array(3).fill({ kind: 'booked', bookingId: (first as { bookingId: string }).bookingId, created: false }));
    expect(await bookings(paid.sessionId)).toEqual([{ status: 'PAID', refunded: false }]);
  });

  it('records a payment refunded before its completion arrived as a REFUNDED booking, leaving the date free', async () => {
    const paid = await paidCheckout();
    const payload = JSON.stringify({
      id: `evt_${randomUUID()}`,
      object: 'event',
      type: 'charge.refunded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'ch_1', object: 'charge', payment_intent: paid.paymentIntentId, amount: 10001, amount_refunded: 10001, refunded: true } },
    });
    await s.get(WebhookIngestionService).ingest(Buffer.from(payload), signStripePayload(payload, 'whsec_unit'));

    expect(await inTenant(() => service.confirmPaid(paid, { isRetry: false }))).toMatchObject({ kind: 'refunded', created: true });
    expect(await bookings(paid.sessionId)).toEqual([{ status: 'REFUNDED', refunded: true }]);
    await expect(
      inTenant(() => s.get(CheckoutService).start({ packageSlug: 'classic', eventDate: paid.eventDate, customer: { email: 'c@example.test', name: 'C' } })),
    ).resolves.toBeTruthy();
  });

  it('refunds a lost race once: the retry finds the failure and its refund, and books nothing', async () => {
    const date = nextFreeDate();
    const lost = await paidCheckout(date);
    await sql(`update checkout_holds set expires_at = now() - interval '1 second' where id = ?`, [lost.holdId]);
    const winner = await paidCheckout(date);
    await inTenant(() => service.confirmPaid(winner, { isRetry: false }));

    const first = await inTenant(() => service.confirmPaid(lost, { isRetry: false }));
    const retry = await inTenant(() => service.confirmPaid(lost, { isRetry: true }));

    expect(first).toMatchObject({ kind: 'date-taken', created: true, refundId: expect.stringMatching(/^re_sim_/) });
    expect(retry).toEqual({ ...first, created: false });
    expect(await bookings(lost.sessionId)).toEqual([]);
    expect(await sql(`select reason, refund_id from booking_failures where checkout_session_id = ?`, [lost.sessionId])).toEqual([
      { reason: 'BOOKED', refund_id: (first as { refundId: string }).refundId },
    ]);
  });

  it("refuses a paid session that names another session's hold, booking nothing", async () => {
    const paid = await paidCheckout();

    await expect(inTenant(() => service.confirmPaid({ ...paid, sessionId: 'cs_someone_else' }, { isRetry: false }))).rejects.toBeInstanceOf(
      CheckoutMismatchError,
    );
    expect(await bookings('cs_someone_else')).toEqual([]);
    expect(await bookings(paid.sessionId)).toEqual([]);
  });

  it('releases an open hold once, and never a hold already converted into a booking', async () => {
    const open = await paidCheckout();
    expect(await inTenant(() => service.releaseHold(open.holdId, open.sessionId))).toBe(true);
    expect(await inTenant(() => service.releaseHold(open.holdId, open.sessionId))).toBe(false);

    const booked = await paidCheckout();
    await inTenant(() => service.confirmPaid(booked, { isRetry: false }));
    expect(await inTenant(() => service.releaseHold(booked.holdId, booked.sessionId))).toBe(false);
    expect(await sql(`select status from checkout_holds where id in (?, ?) order by status`, [open.holdId, booked.holdId])).toEqual([
      { status: 'CONVERTED' },
      { status: 'RELEASED' },
    ]);
  });

  it('marks a paid booking REFUNDED once on a refund notice; a payment without a booking changes nothing', async () => {
    const paid = await paidCheckout();
    const booked = await inTenant(() => service.confirmPaid(paid, { isRetry: false }));

    expect(await inTenant(() => service.recordRefund(paid.paymentIntentId!))).toEqual({
      kind: 'marked',
      bookingId: (booked as { bookingId: string }).bookingId,
    });
    expect(await inTenant(() => service.recordRefund(paid.paymentIntentId!))).toMatchObject({ kind: 'already-refunded' });
    expect(await inTenant(() => service.recordRefund('pi_unknown'))).toEqual({ kind: 'no-booking' });
    expect(await bookings(paid.sessionId)).toEqual([{ status: 'REFUNDED', refunded: true }]);
  });
});
