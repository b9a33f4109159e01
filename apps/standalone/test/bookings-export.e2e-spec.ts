import { addDays, todayIn } from '@mais/domain';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { createBookingTenant, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';
import { seedBooking } from '../../worker/test/support/worker-test-helpers';

/** Issue 13: the admin console's booking search and CSV export (an API route, streamed). */
describe('bookings: search by customer and CSV export', () => {
  let t: TestApp;
  let tenant: BookingTenant;
  let other: BookingTenant;
  const day = (n: number) => addDays(todayIn('UTC'), 100 + n);

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createBookingTenant(t, 'export');
    other = await createBookingTenant(t, 'export-other');
    await seedBooking(t, tenant.id, { eventDate: day(1), email: 'ann.lee@example.com', name: 'Ann Lee' });
    await seedBooking(t, tenant.id, { eventDate: day(2), email: 'bo@example.com', name: '=HYPERLINK("http://evil.example","click")' });
    await seedBooking(t, tenant.id, { eventDate: day(3), email: 'percent@example.com', name: '100% Real, "Quoted"' });
    await seedBooking(t, other.id, { eventDate: day(1), email: 'ann.other@example.com', name: 'Ann Other' });
  });
  afterAll(() => t?.close());

  const get = (url: string, as: BookingTenant = tenant) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${as.adminToken}` } });

  it("finds bookings by the customer's name or email, case-insensitively, literally, and only the tenant's own", async () => {
    const names = async (q: string) =>
      (await get(`/v1/admin/bookings?q=${encodeURIComponent(q)}`)).json().items.map((b: { customer: { name: string } }) => b.customer.name);
    expect(await names('ANN')).toEqual(['Ann Lee']);
    expect(await names('bo@example')).toEqual(['=HYPERLINK("http://evil.example","click")']);
    expect(await names('100%')).toEqual(['100% Real, "Quoted"']);
    // % and _ are letters here, not wildcards.
    expect(await names('%')).toEqual(['100% Real, "Quoted"']);
    expect(await names('a_n')).toEqual([]);
    expect(await names('nobody')).toEqual([]);
    expect((await get(`/v1/admin/bookings?q=${'x'.repeat(101)}`)).statusCode).toBe(400);
  });

  it('exports the filtered bookings as CSV: a header, one row each, formulas defused, quotes doubled', async () => {
    const res = await get(`/v1/admin/bookings/export?from=${day(1)}&to=${day(3)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="bookings.csv"');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      'id,eventDate,status,customerName,customerEmail,customerPhone,package,addOns,totalCents,total,commissionCents,currency,notes,checkoutSessionId,paymentIntentId,createdAt,cancelledAt,refundedAt,metadata',
    );
    expect(lines).toHaveLength(5); // header, 3 rows, the final empty string after the last CRLF
    expect(lines[1]).toMatch(
      new RegExp(`^[0-9a-f-]{36},${day(1)},PAID,Ann Lee,ann.lee@example.com,\\+15551234567,Classic Wedding,Wedding cake,250000,2500.00,31250,usd,,cs_test_`),
    );
    expect(lines[2]).toContain(`,PAID,"'=HYPERLINK(""http://evil.example"",""click"")",bo@example.com,`);
    expect(lines[3]).toContain(',"100% Real, ""Quoted""",');
    expect(res.body).not.toContain('Ann Other');
  });

  it('streams every page of a large export, in event-date order, for this tenant only', async () => {
    // 1,234 bookings: more than two of the export's pages of 500.
    await sql(
      t,
      `insert into customers (id, tenant_id, email, name, created_at, updated_at)
       values (gen_random_uuid(), ?, 'bulk@example.com', 'Bulk Buyer', now(), now())`,
      [tenant.id],
    );
    await sql(
      t,
      `insert into bookings (id, tenant_id, event_date, status, customer_id, line_items, total_cents, commission_cents, commission_percent, currency, checkout_session_id, metadata, created_at, updated_at)
       select gen_random_uuid(), ?, (current_date + 400 + n)::date, 'PAID', (select id from customers where tenant_id = ? and email = 'bulk@example.com'),
              '[]'::jsonb, 1000, 125, 12.5, 'usd', 'cs_bulk_' || n, '{}'::jsonb, now(), now()
       from generate_series(1, 1234) as n`,
      [tenant.id, tenant.id],
    );
    const res = await get('/v1/admin/bookings/export?q=bulk');
    const rows = res.body.trim().split('\r\n').slice(1);
    expect(rows).toHaveLength(1234);
    const dates = rows.map((row) => row.split(',')[1]);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(rows.map((row) => row.split(',')[13])).size).toBe(1234);
    expect((await get('/v1/admin/bookings/export?q=bulk', other)).body.trim().split('\r\n')).toHaveLength(1);
  });

  it('refuses filters it cannot read, as the list does', async () => {
    expect((await get('/v1/admin/bookings/export?from=2027-02-30')).statusCode).toBe(400);
    expect((await get('/v1/admin/bookings/export?limit=5')).statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/bookings/export' })).statusCode).toBe(401);
  });
});
