import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from './support/harness';

describe('foundation smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('answers /health with a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('healthy');
    expect(res.headers['x-request-id']).toBeTruthy();
  });

  it('lets a platform admin create a tenant and a package the widget then sees', async () => {
    await seedUser(t, 'ops@example.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    const token = await loginToken(t, 'ops@example.test', 'Ops-Pass-2026!');
    const auth = { authorization: `Bearer ${token}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/tenants',
      headers: auth,
      payload: { name: 'A', slug: 'alpha', commissionPercent: 12.5 },
    });
    expect(created.statusCode).toBe(201);
    const { tenant, keys } = created.json();
    const pkg = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: { ...auth, 'x-tenant-id': tenant.id },
      payload: { slug: 'classic', name: 'Classic', basePriceCents: 10001 },
    });
    expect(pkg.statusCode).toBe(201);
    const list = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': keys.publicKey } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([expect.objectContaining({ slug: 'classic', basePriceCents: 10001, currency: 'usd', addOns: [] })]);
    const other = await seedTenant(t, 'beta');
    const otherList = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': other.publicKey } });
    expect(otherList.json()).toEqual([]);
  });
});
