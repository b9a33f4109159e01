import SwaggerParser from '@apidevtools/swagger-parser';
import { addDays, todayIn } from '@mais/domain';
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
 * The booking routes' contract (simulated payments, in-process jobs): availability, checkout pricing,
 * validation and Idempotency-Key, admin bookings and blackouts, the webhook dead-letter view, and that
 * no route lets one tenant see or touch another's data.
 */
describe('booking API', () => {
  let t: TestApp;
  let a: BookingTenant;
  let b: BookingTenant;
  let platformToken: string;

  beforeAll(async () => {
    t = await createTestApp({ worker: WorkerModule });
    [a, b] = [await createBookingTenant(t, 'alpha'), await createBookingTenant(t, 'bravo')];
    platformToken = await createPlatformAdmin(t);
  });
  afterAll(() => t?.close());

  const widget = (tenant: BookingTenant) => ({ 'x-tenant-key': tenant.publicKey });
  const admin = (tenant: BookingTenant) => ({ authorization: `Bearer ${tenant.adminToken}` });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ method: 'GET', url, headers });
  const post = (url: string, headers: Record<string, string>, payload?: object) => t.app.inject({ method: 'POST', url, headers, payload });

  /** A PAID booking for `eventDate`, through checkout and the simulated Pay button. */
  async function book(tenant: BookingTenant, eventDate: string): Promise<string> {
    const res = await postCheckout(t, tenant, checkoutBody(eventDate));
    expect(res.statusCode).toBe(201);
    const paid = await post(`/v1/dev/checkout/${res.json().sessionId}/complete`, { accept: 'application/json' });
    expect(await processed(t, paid.json().eventId)).toBe('PROCESSED');
    const [row] = await sql<{ id: string }>(t, `select id from bookings where checkout_session_id = ?`, [res.json().sessionId]);
    return row.id;
  }

  describe('availability', () => {
    it('reports every reason a date is unavailable, one date or a range at a time', async () => {
      const [booked, held, blackout, busy, free] = [freshDate(), freshDate(), freshDate(), freshDate(), freshDate()];
      await book(a, booked);
      expect((await postCheckout(t, a, checkoutBody(held))).statusCode).toBe(201);
      expect((await post('/v1/admin/blackouts', admin(a), { date: blackout, reason: 'Holiday' })).statusCode).toBe(201);
      await sql(
        t,
        `insert into calendar_busy_days (id, created_at, updated_at, tenant_id, date, synced_at) values (gen_random_uuid(), now(), now(), ?, ?, now())`,
        [a.id, busy],
      );
      const yesterday = addDays(todayIn('UTC'), -1);

      const reasons = await Promise.all(
        [yesterday, booked, held, blackout, busy, free].map(async (date) => (await get(`/v1/availability?date=${date}`, widget(a))).json()),
      );
      expect(reasons).toEqual([
        { date: yesterday, available: false, reason: 'PAST' },
        { date: booked, available: false, reason: 'BOOKED' },
        { date: held, available: false, reason: 'HELD' },
        { date: blackout, available: false, reason: 'BLACKOUT' },
        { date: busy, available: false, reason: 'CALENDAR_BUSY' },
        { date: free, available: true, reason: null },
      ]);

      const from = addDays(todayIn('UTC'), -2);
      const to = addDays(free, 1);
      const range = await get(`/v1/availability/unavailable?from=${from}&to=${to}`, widget(a));
      expect(range.statusCode).toBe(200);
      expect(range.json().from).toBe(from);
      expect(range.json().dates).toEqual(
        expect.arrayContaining([
          { date: from, reason: 'PAST' },
          { date: yesterday, reason: 'PAST' },
          { date: booked, reason: 'BOOKED' },
          { date: held, reason: 'HELD' },
          { date: blackout, reason: 'BLACKOUT' },
          { date: busy, reason: 'CALENDAR_BUSY' },
        ]),
      );
      expect(range.json().dates.map((d: { date: string }) => d.date)).not.toContain(free);
      const dates = range.json().dates.map((d: { date: string }) => d.date);
      expect([...dates].sort()).toEqual(dates);

      // Tenant B sees none of A's dates.
      const other = await get(`/v1/availability/unavailable?from=${todayIn('UTC')}&to=${to}`, widget(b));
      expect(other.json().dates).toEqual([]);
      expect((await get(`/v1/availability?date=${booked}`, widget(b))).json()).toEqual({ date: booked, available: true, reason: null });
    });

    it("counts PAST from the business's own today, in its time zone", async () => {
      const kiritimati = await createBookingTenant(t, 'kiritimati', { timezone: 'Pacific/Kiritimati' });
      const today = todayIn('Pacific/Kiritimati');
      expect((await get(`/v1/availability?date=${today}`, widget(kiritimati))).json()).toMatchObject({ available: true });
      expect((await get(`/v1/availability?date=${addDays(today, -1)}`, widget(kiritimati))).json()).toMatchObject({ reason: 'PAST' });
    });

    it('refuses malformed dates and ranges over 366 days with 400 and the field', async () => {
      const cases: [string, string][] = [
        ['/v1/availability?date=2027-02-30', 'date'],
        ['/v1/availability', 'date'],
        ['/v1/availability/unavailable?from=2027-01-01&to=2028-01-02', 'to'],
        ['/v1/availability/unavailable?from=2027-06-02&to=2027-06-01', 'to'],
        ['/v1/availability/unavailable?from=june&to=2027-06-01', 'from'],
        ['/v1/availability?date=2027-06-12&extra=1', 'extra'],
      ];
      for (const [url, field] of cases) {
        const res = await get(url, widget(a));
        expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect((await get('/v1/availability/unavailable?from=2028-01-01&to=2028-12-31', widget(a))).statusCode).toBe(200);
    });

    it('needs a tenant key', async () => {
      expect((await get(`/v1/availability?date=${freshDate()}`, {})).json().code).toBe('TENANT_KEY_REQUIRED');
    });
  });

  describe('checkout', () => {
    it('prices the package and add-ons and takes the commission rounded up', async () => {
      const res = await postCheckout(t, a, checkoutBody(freshDate(), { addOnIds: [a.addOns.album, a.addOns.drone], notes: ' Ceremony at 3 pm ' }));
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ totalCents: 15001, commissionCents: 1876, currency: 'usd' }); // 12.5% of 15001 = 1875.125
      const [hold] = await sql<{ line_items: { slug: string; priceCents: number }[]; customer: { email: string }; notes: string }>(
        t,
        `select line_items, customer, notes from checkout_holds where session_id = ?`,
        [res.json().sessionId],
      );
      expect(hold.line_items.map((i) => [i.slug, i.priceCents])).toEqual([
        ['classic', 10001],
        ['album', 3000],
        ['drone', 2000],
      ]);
      expect(hold.customer.email).toBe('ann@example.com');
      expect(hold.notes).toBe('Ceremony at 3 pm');
    });

    it('rounds 12.5% of 10001 up to 1251 and 15% of 1 cent up to 1', async () => {
      expect((await postCheckout(t, a, checkoutBody(freshDate()))).json()).toMatchObject({ totalCents: 10001, commissionCents: 1251 });
      const cents = await createBookingTenant(t, 'cents', { commissionPercent: '15' });
      const tiny = await post('/v1/admin/packages', admin(cents), { slug: 'tiny', name: 'Tiny', basePriceCents: 1 });
      expect(tiny.statusCode).toBe(201);
      expect((await postCheckout(t, cents, checkoutBody(freshDate(), { packageSlug: 'tiny' }))).json()).toMatchObject({ totalCents: 1, commissionCents: 1 });
    });

    it('refuses packages and add-ons that are not on sale, naming the field', async () => {
      const date = freshDate();
      const cases: [Record<string, unknown>, string][] = [
        [{ packageSlug: 'nope' }, 'packageSlug'],
        [{ addOnIds: [a.retiredAddOnId] }, 'addOnIds[0]'],
        [{ addOnIds: [a.addOns.drone, a.foreignAddOnId] }, 'addOnIds[1]'],
        [{ addOnIds: [a.addOns.drone, a.addOns.drone.toUpperCase()] }, 'addOnIds[1]'],
        [{ addOnIds: [b.addOns.drone] }, 'addOnIds[0]'],
        [{ addOnIds: ['not-a-uuid'] }, 'addOnIds'],
        [{ customer: { email: 'not-an-email', name: 'Ann' } }, 'customer.email'],
        [{ customer: { email: 'a@b.co', name: 'Ann', age: 30 } }, 'customer.age'],
        [{ eventDate: '2027-13-01' }, 'eventDate'],
        [{ successUrl: 'javascript:alert(1)' }, 'successUrl'],
        [{ surprise: true }, 'surprise'],
      ];
      for (const [extra, field] of cases) {
        const res = await postCheckout(t, a, checkoutBody(date, extra));
        expect({ extra, status: res.statusCode, code: res.json().code }).toEqual({ extra, status: 400, code: 'VALIDATION_FAILED' });
        expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      }
      expect(await sql(t, `select id from checkout_holds where tenant_id = ? and event_date = ?`, [a.id, date])).toEqual([]);
    });

    it('refuses a date in the past, blacked out, or held, with 409 DATE_UNAVAILABLE', async () => {
      const past = await postCheckout(t, a, checkoutBody(addDays(todayIn('UTC'), -1)));
      expect(past.statusCode).toBe(409);
      expect(past.json()).toMatchObject({ code: 'DATE_UNAVAILABLE' });
      const blackout = freshDate();
      await post('/v1/admin/blackouts', admin(a), { date: blackout });
      expect((await postCheckout(t, a, checkoutBody(blackout))).json()).toMatchObject({ status: 409, code: 'DATE_UNAVAILABLE' });
      const held = freshDate();
      expect((await postCheckout(t, a, checkoutBody(held))).statusCode).toBe(201);
      expect((await postCheckout(t, a, checkoutBody(held))).json()).toMatchObject({ status: 409, code: 'DATE_UNAVAILABLE' });
      // Holds are per tenant: B can hold the same date.
      expect((await postCheckout(t, b, checkoutBody(held))).statusCode).toBe(201);
    });

    it('releases an expired hold when the next checkout for its date comes', async () => {
      const date = freshDate();
      const first = await postCheckout(t, a, checkoutBody(date));
      await sql(t, `update checkout_holds set expires_at = now() - interval '1 second' where session_id = ?`, [first.json().sessionId]);
      expect((await get(`/v1/availability?date=${date}`, widget(a))).json().available).toBe(true);
      expect((await postCheckout(t, a, checkoutBody(date))).statusCode).toBe(201);
      expect(await sql(t, `select status from checkout_holds where session_id = ?`, [first.json().sessionId])).toEqual([{ status: 'RELEASED' }]);
    });
  });

  describe('Idempotency-Key', () => {
    it('answers a retry with the same key and body with the same response, holding the date once', async () => {
      const body = checkoutBody(freshDate());
      const key = { 'idempotency-key': 'retry-1' };
      const first = await postCheckout(t, a, body, key);
      // Same body, other key order: the same request.
      const second = await postCheckout(t, a, Object.fromEntries(Object.entries(body).reverse()), key);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(201);
      expect(second.json()).toEqual(first.json());
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(await sql(t, `select id from checkout_holds where tenant_id = ? and event_date = ?`, [a.id, body.eventDate])).toHaveLength(1);
    });

    it('refuses the same key with another body with 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const key = { 'idempotency-key': 'retry-2' };
      expect((await postCheckout(t, a, checkoutBody(freshDate()), key)).statusCode).toBe(201);
      const other = await postCheckout(t, a, checkoutBody(freshDate()), key);
      expect(other.statusCode).toBe(422);
      expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    });

    it('gives concurrent requests with one key one checkout and the same answer', async () => {
      const body = checkoutBody(freshDate());
      const responses = await Promise.all(Array.from({ length: 10 }, () => postCheckout(t, a, body, { 'idempotency-key': 'burst-1' })));
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.json().sessionId)).size).toBe(1);
      expect(await sql(t, `select id from checkout_holds where tenant_id = ? and event_date = ?`, [a.id, body.eventDate])).toHaveLength(1);
    });

    it('remembers a refused date, but not a rejected request', async () => {
      const held = freshDate();
      await postCheckout(t, a, checkoutBody(held));
      const key = { 'idempotency-key': 'refused-1' };
      const refused = await postCheckout(t, a, checkoutBody(held), key);
      expect(refused.statusCode).toBe(409);
      await sql(t, `update checkout_holds set status = 'RELEASED' where tenant_id = ? and event_date = ?`, [a.id, held]);
      const again = await postCheckout(t, a, checkoutBody(held), key);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'DATE_UNAVAILABLE', detail: refused.json().detail });

      const fixed = { 'idempotency-key': 'fixed-1' };
      const date = freshDate();
      expect((await postCheckout(t, a, checkoutBody(date, { packageSlug: 'nope' }), fixed)).statusCode).toBe(400);
      expect((await postCheckout(t, a, checkoutBody(date), fixed)).statusCode).toBe(201);
    });

    it('keeps keys per tenant, and refuses a malformed key', async () => {
      const date = freshDate();
      const key = { 'idempotency-key': 'shared-key' };
      const fromA = await postCheckout(t, a, checkoutBody(date), key);
      const fromB = await postCheckout(t, b, checkoutBody(date), key);
      expect([fromA.statusCode, fromB.statusCode]).toEqual([201, 201]);
      expect(fromB.json().sessionId).not.toBe(fromA.json().sessionId);
      const bad = await postCheckout(t, a, checkoutBody(freshDate()), { 'idempotency-key': 'x'.repeat(256) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    });

    describe('when the database refuses to store the answer', () => {
      // A real failure, not a mock: PostgreSQL refuses the first `failures` updates that store a response.
      const failStores = (failures: number) =>
        sql(
          t,
          `create or replace function mais_test_refuse_store() returns trigger as $$
           begin
             if new.response_status is not null and old.response_status is null and nextval('mais_test_refusals') <= ${failures} then
               raise exception 'refused for the test';
             end if;
             return new;
           end $$ language plpgsql;
           drop sequence if exists mais_test_refusals; create sequence mais_test_refusals;
           drop trigger if exists mais_test_refuse_store on idempotency_records;
           create trigger mais_test_refuse_store before update on idempotency_records for each row execute function mais_test_refuse_store();`,
        );
      afterEach(() => sql(t, `drop trigger if exists mais_test_refuse_store on idempotency_records`));

      it('stores it on a second try, and the retry replays it', async () => {
        await failStores(1);
        const key = { 'idempotency-key': 'store-once-refused' };
        const body = checkoutBody(freshDate());
        const first = await postCheckout(t, a, body, key);
        expect(first.statusCode).toBe(201);
        const retry = await postCheckout(t, a, body, key);
        expect([retry.statusCode, retry.json().sessionId, retry.headers['idempotent-replayed']]).toEqual([201, first.json().sessionId, 'true']);
      });

      it('releases the key when it cannot store it, so a retry is answered at once instead of waiting minutes', async () => {
        await failStores(100);
        const key = { 'idempotency-key': 'store-always-refused' };
        const body = checkoutBody(freshDate());
        expect((await postCheckout(t, a, body, key)).statusCode).toBe(201);
        const startedAt = Date.now();
        const retry = await postCheckout(t, a, body, key);
        // It runs afresh and meets the date its first run holds.
        expect([retry.statusCode, retry.json().code]).toEqual([409, 'DATE_UNAVAILABLE']);
        expect(Date.now() - startedAt).toBeLessThan(5_000);
      });
    });
  });

  describe('admin bookings', () => {
    let first: string;
    let second: string;
    let third: string;
    const dates: string[] = [];

    beforeAll(async () => {
      dates.push(freshDate(), freshDate(), freshDate());
      [first, second, third] = [await book(a, dates[0]), await book(a, dates[1]), await book(a, dates[2])];
    });

    it('lists by event date with cursor pagination and filters', async () => {
      const range = `from=${dates[0]}&to=${dates[2]}`;
      const page1 = await adminGet(t, a, `/v1/admin/bookings?${range}&limit=2`);
      expect(page1.statusCode).toBe(200);
      expect(page1.json().items.map((i: { id: string }) => i.id)).toEqual([first, second]);
      expect(page1.json().nextCursor).toEqual(expect.any(String));
      const page2 = await adminGet(t, a, `/v1/admin/bookings?${range}&limit=2&cursor=${page1.json().nextCursor}`);
      expect(page2.json()).toEqual({ items: [expect.objectContaining({ id: third })], nextCursor: null });
      // One customer per email (case-insensitive) and tenant, however many bookings.
      expect(new Set([...page1.json().items, ...page2.json().items].map((i: { customer: { id: string } }) => i.customer.id)).size).toBe(1);
      expect((await adminGet(t, a, `/v1/admin/bookings?from=${dates[1]}&to=${dates[1]}`)).json().items.map((i: { id: string }) => i.id)).toEqual([second]);
      expect((await adminGet(t, a, `/v1/admin/bookings?${range}&status=CANCELLED`)).json().items).toEqual([]);
      for (const query of ['limit=0', 'limit=101', 'status=LOST', 'cursor=bm9wZQ', 'from=2027-02-30']) {
        expect((await adminGet(t, a, `/v1/admin/bookings?${query}`)).statusCode).toBe(400);
      }
    });

    it('shows one booking in the contract shape', async () => {
      const res = await adminGet(t, a, `/v1/admin/bookings/${first}`);
      expect(res.json()).toEqual(
        expect.objectContaining({
          id: first,
          eventDate: dates[0],
          status: 'PAID',
          totalCents: 10001,
          commissionCents: 1251,
          commissionPercent: 12.5,
          currency: 'usd',
          customer: { id: expect.any(String), email: 'ann@example.com', name: 'Ann Lee', phone: '+15551234567' },
          packageId: a.packageId,
          lineItems: [{ kind: 'PACKAGE', id: a.packageId, slug: 'classic', name: 'Classic', priceCents: 10001 }],
          createdAt: expect.any(String),
        }),
      );
      expect((await adminGet(t, a, '/v1/admin/bookings/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
      expect((await adminGet(t, a, '/v1/admin/bookings/not-a-uuid')).statusCode).toBe(400);
    });

    it('cancels a paid booking, freeing its date; a second cancel is 409', async () => {
      const res = await post(`/v1/admin/bookings/${second}/cancel`, admin(a), { refund: false });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: second, status: 'CANCELLED', cancelledAt: expect.any(String), refundedAt: null });
      expect((await get(`/v1/availability?date=${dates[1]}`, widget(a))).json().available).toBe(true);
      const again = await post(`/v1/admin/bookings/${second}/cancel`, admin(a), { refund: true });
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('CONFLICT');
      expect((await post(`/v1/admin/bookings/${third}/cancel`, admin(a), {})).statusCode).toBe(400);
    });

    it('cancels with a refund: the booking is REFUNDED', async () => {
      const res = await post(`/v1/admin/bookings/${third}/cancel`, admin(a), { refund: true });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'REFUNDED', refundedAt: expect.any(String) });
      expect((await get(`/v1/availability?date=${dates[2]}`, widget(a))).json().available).toBe(true);
    });

    it("never shows or changes another tenant's booking", async () => {
      expect((await adminGet(t, b, `/v1/admin/bookings/${first}`)).statusCode).toBe(404);
      expect((await post(`/v1/admin/bookings/${first}/cancel`, admin(b), { refund: true })).statusCode).toBe(404);
      const list = await adminGet(t, b, `/v1/admin/bookings?from=${dates[0]}&to=${dates[2]}`);
      expect(list.json().items).toEqual([]);
      // A tenant admin cannot pick another tenant; a platform admin can.
      expect((await get('/v1/admin/bookings', { ...admin(b), 'x-tenant-id': a.id })).statusCode).toBe(403);
      const platform = await get(`/v1/admin/bookings/${first}`, { authorization: `Bearer ${platformToken}`, 'x-tenant-id': a.id });
      expect(platform.json()).toMatchObject({ id: first, status: 'PAID' });
      expect((await adminGet(t, a, `/v1/admin/bookings/${first}`)).json().status).toBe('PAID');
    });
  });

  describe('admin blackouts', () => {
    it('creates, lists, refuses a duplicate, and deletes', async () => {
      const date = freshDate();
      const created = await post('/v1/admin/blackouts', admin(a), { date, reason: 'Family wedding' });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ id: expect.any(String), date, reason: 'Family wedding' });
      const duplicate = await post('/v1/admin/blackouts', admin(a), { date });
      expect(duplicate.statusCode).toBe(409);
      expect(duplicate.json().code).toBe('CONFLICT');
      const list = await get(`/v1/admin/blackouts?from=${date}&to=${date}`, admin(a));
      expect(list.json()).toEqual({ from: date, to: date, items: [expect.objectContaining({ id: created.json().id, date })] });
      const byDefault = await get('/v1/admin/blackouts', admin(a));
      expect(byDefault.json().from).toBe(todayIn('UTC'));
      expect(byDefault.json().items.map((i: { date: string }) => i.date)).toContain(date);
      const removed = await t.app.inject({ method: 'DELETE', url: `/v1/admin/blackouts/${created.json().id}`, headers: admin(a) });
      expect(removed.statusCode).toBe(204);
      expect((await t.app.inject({ method: 'DELETE', url: `/v1/admin/blackouts/${created.json().id}`, headers: admin(a) })).statusCode).toBe(404);
      expect((await get(`/v1/availability?date=${date}`, widget(a))).json().available).toBe(true);
    });

    it('refuses a malformed date or range', async () => {
      expect((await post('/v1/admin/blackouts', admin(a), { date: '2027-02-29' })).statusCode).toBe(400);
      expect((await get('/v1/admin/blackouts?from=2027-01-01&to=2028-06-01', admin(a))).statusCode).toBe(400);
    });

    it("never shows or deletes another tenant's blackout", async () => {
      const date = freshDate();
      const created = await post('/v1/admin/blackouts', admin(a), { date });
      expect((await t.app.inject({ method: 'DELETE', url: `/v1/admin/blackouts/${created.json().id}`, headers: admin(b) })).statusCode).toBe(404);
      expect((await get(`/v1/admin/blackouts?from=${date}&to=${date}`, admin(b))).json().items).toEqual([]);
      expect((await post('/v1/admin/blackouts', admin(b), { date })).statusCode).toBe(201);
      expect((await get(`/v1/admin/blackouts?from=${date}&to=${date}`, admin(a))).json().items).toHaveLength(1);
    });
  });

  describe('webhooks', () => {
    it('lets platform admins list and inspect stored events, and refuses tenant admins', async () => {
      const event = stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }, null);
      expect((await postWebhook(t, event)).json()).toEqual({ received: true });
      expect(await processed(t, event.id)).toBe('IGNORED');
      const auth = { authorization: `Bearer ${platformToken}` };
      const list = await get('/v1/admin/webhooks?limit=100', auth);
      expect(list.statusCode).toBe(200);
      const item = list.json().items.find((i: { providerEventId: string }) => i.providerEventId === event.id);
      expect(item).toMatchObject({ type: 'customer.created', status: 'IGNORED', attempts: 0, receivedAt: expect.any(String), processedAt: expect.any(String) });
      expect((await get(`/v1/admin/webhooks/${item.id}`, auth)).json()).toMatchObject({ id: item.id, payload: { id: event.id, type: 'customer.created' } });
      expect((await get('/v1/admin/webhooks?status=FAILED', auth)).json().items).toEqual([]);
      expect((await post(`/v1/admin/webhooks/${item.id}/replay`, auth)).statusCode).toBe(409);
      expect((await post('/v1/admin/webhooks/00000000-0000-4000-8000-000000000000/replay', auth)).statusCode).toBe(404);
      expect((await get('/v1/admin/webhooks', admin(a))).statusCode).toBe(403);
      expect((await post(`/v1/admin/webhooks/${item.id}/replay`, admin(a))).statusCode).toBe(403);
    });

    it('pages the event list newest first', async () => {
      const auth = { authorization: `Bearer ${platformToken}` };
      for (let i = 0; i < 3; i++) await postWebhook(t, stripeEvent('customer.updated', { id: `cus_${i}` }, null));
      const page1 = (await get('/v1/admin/webhooks?limit=2', auth)).json();
      const page2 = (await get(`/v1/admin/webhooks?limit=2&cursor=${page1.nextCursor}`, auth)).json();
      const all = (await get('/v1/admin/webhooks?limit=100', auth)).json();
      expect([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).toEqual(all.items.slice(0, 4).map((i: { id: string }) => i.id));
    });

    it('answers a body that is not JSON with 400, storing nothing', async () => {
      const before = await sql(t, `select id from webhook_events`);
      const res = await postWebhook(t, null, { payload: '{"id": "evt_1", ' });
      expect(res.statusCode).toBe(400);
      // The signature is checked over the raw bytes first: bytes that are no event cannot carry a valid one.
      expect(res.json().code).toBe('INVALID_SIGNATURE');
      expect(await sql(t, `select id from webhook_events`)).toHaveLength(before.length);
    });

    it("routes an event to its own tenant only: A's payment never becomes B's booking", async () => {
      const res = await postCheckout(t, a, checkoutBody(freshDate()));
      const [hold] = await sql<{ id: string }>(t, `select id from checkout_holds where session_id = ?`, [res.json().sessionId]);
      // A forged reference: tenant B, with A's hold.
      const event = stripeEvent(
        'checkout.session.completed',
        {
          id: res.json().sessionId,
          payment_status: 'paid',
          payment_intent: 'pi_forged',
          client_reference_id: hold.id,
          metadata: { tenantId: b.id, holdId: hold.id },
        },
        null,
      );
      await postWebhook(t, event);
      expect(await processed(t, event.id)).toBe('FAILED');
      expect(await sql(t, `select id from bookings where checkout_session_id = ?`, [res.json().sessionId])).toEqual([]);
    });
  });

  it('describes every booking route in the OpenAPI document, with its auth scheme and errors', async () => {
    const doc = (await get('/docs-json', {})).json();
    const routes: [string, string, string | null][] = [
      ['get', '/v1/availability', 'tenantKey'],
      ['get', '/v1/availability/unavailable', 'tenantKey'],
      ['post', '/v1/bookings/checkout', 'tenantKey'],
      ['get', '/v1/admin/bookings', 'adminJwt'],
      ['get', '/v1/admin/bookings/{id}', 'adminJwt'],
      ['post', '/v1/admin/bookings/{id}/cancel', 'adminJwt'],
      ['get', '/v1/admin/blackouts', 'adminJwt'],
      ['post', '/v1/admin/blackouts', 'adminJwt'],
      ['delete', '/v1/admin/blackouts/{id}', 'adminJwt'],
      ['get', '/v1/admin/webhooks', 'adminJwt'],
      ['post', '/v1/admin/webhooks/{id}/replay', 'adminJwt'],
      ['post', '/v1/webhooks/stripe', null],
      ['get', '/v1/dev/checkout/{sessionId}', null],
      ['post', '/v1/dev/checkout/{sessionId}/complete', null],
      ['post', '/v1/dev/checkout/{sessionId}/expire', null],
    ];
    for (const [method, path, scheme] of routes) {
      const operation = doc.paths[path]?.[method];
      expect({ method, path, described: !!operation }).toEqual({ method, path, described: true });
      expect(operation.security).toEqual(scheme ? [{ [scheme]: [] }] : []);
    }
    const checkout = doc.paths['/v1/bookings/checkout'].post;
    expect(Object.keys(checkout.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '422', '502']));
    expect(checkout.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
    await expect(SwaggerParser.validate(JSON.parse(JSON.stringify(doc)))).resolves.toBeDefined();
  });
});
