import { createTestApp, TestApp } from '../../api/test/support/harness';
import { checkoutBody, createBookingTenant, freshDate, postCheckout, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';

/** Issue 13, the routes the console needed: the admin's own business, its key rotation, and the dates held now. */
describe('admin routes for the console', () => {
  let t: TestApp;
  let tenant: BookingTenant;
  let other: BookingTenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createBookingTenant(t, 'own');
    other = await createBookingTenant(t, 'own-other');
  });
  afterAll(() => t?.close());

  const as = (who: BookingTenant) => ({ authorization: `Bearer ${who.adminToken}` });

  it('gives an admin its own business, and only its own', async () => {
    const own = await t.app.inject({ method: 'GET', url: '/v1/admin/tenant', headers: as(tenant) });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ id: tenant.id, slug: tenant.slug, publicKey: tenant.publicKey, currency: 'usd' });
    expect(own.body).not.toMatch(/secret/i);
    const crossing = await t.app.inject({ method: 'GET', url: '/v1/admin/tenant', headers: { ...as(tenant), 'x-tenant-id': other.id } });
    expect(crossing.statusCode).toBe(403);
  });

  it("lists the dates held by open checkouts: not expired ones, not another tenant's", async () => {
    const [held, lapsed, elsewhere] = [freshDate(), freshDate(), freshDate()];
    expect((await postCheckout(t, tenant, checkoutBody(held))).statusCode).toBe(201);
    const gone = await postCheckout(t, tenant, checkoutBody(lapsed));
    await sql(t, `update checkout_holds set expires_at = now() - interval '1 minute' where session_id = ?`, [gone.json().sessionId]);
    expect((await postCheckout(t, other, checkoutBody(elsewhere))).statusCode).toBe(201);
    const from = [held, lapsed, elsewhere].sort()[0];
    const to = [held, lapsed, elsewhere].sort()[2];
    const res = await t.app.inject({ method: 'GET', url: `/v1/admin/holds?from=${from}&to=${to}`, headers: as(tenant) });
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      { id: expect.any(String), eventDate: held, expiresAt: expect.any(String), packageName: 'Classic', customerEmail: 'ann@example.com' },
    ]);
    expect((await t.app.inject({ method: 'GET', url: `/v1/admin/holds?from=${to}&to=${from}`, headers: as(tenant) })).statusCode).toBe(400);
  });

  it('rotates its own keys: the new secret shown once, the old public key refused at once', async () => {
    const rotated = await createBookingTenant(t, 'own-rotated');
    const res = await t.app.inject({ method: 'POST', url: '/v1/admin/tenant/rotate-keys', headers: as(rotated) });
    expect(res.statusCode).toBe(200);
    const { keys } = res.json();
    expect(keys.publicKey).toMatch(/^pk_live_own-rotated_/);
    expect(keys.secretKey).toMatch(/^sk_live_own-rotated_/);
    const packages = (key: string) => t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': key } });
    expect((await packages(rotated.publicKey)).statusCode).toBe(401);
    expect((await packages(keys.publicKey)).statusCode).toBe(200);
    // The secret is never shown again.
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/tenant', headers: as(rotated) })).body).not.toContain(keys.secretKey);
  });
});
