import { describeWithRedis } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { BookingTenant, checkoutBody, createBookingTenant, eventually, freshDate, postCheckout } from '../../api/test/support/booking-fixtures';

/**
 * The widget's month view is cached; a hold, a booking, a cancellation and a blackout each drop the tenant's
 * entries in the same request, so the next read of the month shows them. With in-memory and Redis caches.
 */
function monthViewSuite(redis: boolean) {
  let t: TestApp;
  let tenant: BookingTenant;
  let other: BookingTenant;
  const month = (who: BookingTenant, from: string, to: string) =>
    t.app.inject({ method: 'GET', url: `/v1/availability/unavailable?from=${from}&to=${to}`, headers: { 'x-tenant-key': who.publicKey } });
  const reasonOf = async (who: BookingTenant, date: string) =>
    (await month(who, date, date)).json().dates.find((d: { date: string }) => d.date === date)?.reason ?? null;
  const admin = (method: 'POST' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${tenant.adminToken}` }, payload: payload as object });

  beforeAll(async () => {
    t = await createTestApp({ worker: WorkerModule, redis });
    tenant = await createBookingTenant(t, `month-${redis ? 'r' : 'm'}`);
    other = await createBookingTenant(t, `other-${redis ? 'r' : 'm'}`);
  });
  afterAll(() => t?.close());

  it('shows a new hold, then the booking, then the freed date after a cancellation', async () => {
    const date = freshDate();
    expect(await reasonOf(tenant, date)).toBeNull();
    expect(await reasonOf(tenant, date)).toBeNull(); // now cached
    const checkout = await postCheckout(t, tenant, checkoutBody(date));
    expect(checkout.statusCode).toBe(201);
    expect(await reasonOf(tenant, date)).toBe('HELD');
    expect(await reasonOf(other, date)).toBeNull();

    const paid = await t.app.inject({
      method: 'POST',
      url: `/v1/dev/checkout/${checkout.json().sessionId}/complete`,
      headers: { 'content-type': 'text/plain' },
      payload: '',
    });
    expect(paid.statusCode).toBe(200);
    expect(await reasonOf(tenant, date)).toBe('BOOKED');

    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/admin/bookings?from=${date}&to=${date}`,
      headers: { authorization: `Bearer ${tenant.adminToken}` },
    });
    const cancelled = await admin('POST', `/v1/admin/bookings/${list.json().items[0].id}/cancel`, { refund: false });
    expect(cancelled.statusCode).toBe(200);
    expect(await reasonOf(tenant, date)).toBeNull();
  });

  it('shows a blackout and its removal in the very next read', async () => {
    const date = freshDate();
    expect(await reasonOf(tenant, date)).toBeNull();
    const blackout = await admin('POST', '/v1/admin/blackouts', { date, reason: 'Family wedding' });
    expect(blackout.statusCode).toBe(201);
    expect(await reasonOf(tenant, date)).toBe('BLACKOUT');
    expect(await reasonOf(other, date)).toBeNull();
    await admin('DELETE', `/v1/admin/blackouts/${blackout.json().id}`);
    expect(await reasonOf(tenant, date)).toBeNull();
  });

  it("frees the date as soon as the worker has processed the checkout's expiry", async () => {
    const date = freshDate();
    const checkout = await postCheckout(t, tenant, checkoutBody(date));
    expect(await reasonOf(tenant, date)).toBe('HELD');
    await t.app.inject({ method: 'POST', url: `/v1/dev/checkout/${checkout.json().sessionId}/expire`, headers: { 'content-type': 'text/plain' }, payload: '' });
    // The expiry travels the webhook path (stored, then processed by the worker): the release, not the POST, invalidates.
    await eventually(async () => (await reasonOf(tenant, date)) === null, 'the released hold to leave the month view', 5_000);
  });
}

describe('month view cache (in-memory)', () => monthViewSuite(false));
describeWithRedis('month view cache (Redis)', () => monthViewSuite(true));
