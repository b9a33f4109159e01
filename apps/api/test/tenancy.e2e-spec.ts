import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, SeededTenant, seedTenant, seedUser, TestApp } from './support/harness';

/** Tenant B's keys and admin never see or change tenant A's rows, on every catalog and tenant route. */
describe('tenant isolation', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let adminA: Record<string, string>;
  let adminB: Record<string, string>;
  let packageA: { id: string; addOns: { id: string }[] };

  beforeAll(async () => {
    t = await createTestApp();
    a = await seedTenant(t, 'alpha');
    b = await seedTenant(t, 'bravo');
    await seedUser(t, 'admin@alpha.test', 'Alpha-Pass-2026', UserRole.TENANT_ADMIN, a.id);
    await seedUser(t, 'admin@bravo.test', 'Bravo-Pass-2026', UserRole.TENANT_ADMIN, b.id);
    adminA = { authorization: `Bearer ${await loginToken(t, 'admin@alpha.test', 'Alpha-Pass-2026')}` };
    adminB = { authorization: `Bearer ${await loginToken(t, 'admin@bravo.test', 'Bravo-Pass-2026')}` };
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: adminA,
      payload: { slug: 'classic', name: 'Classic', basePriceCents: 10001 },
    });
    const addOn = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/packages/${created.json().id}/addons`,
      headers: adminA,
      payload: { slug: 'cake', name: 'Cake', priceCents: 2000 },
    });
    packageA = { id: created.json().id, addOns: [{ id: addOn.json().id }] };
  });
  afterAll(() => t?.close());

  it("shows each widget key only its own tenant's packages", async () => {
    const seenByA = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': a.publicKey } });
    const seenByB = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': b.publicKey } });
    expect(seenByA.json().map((p: { slug: string }) => p.slug)).toEqual(['classic']);
    expect(seenByB.json()).toEqual([]);
    const bySlug = await t.app.inject({ method: 'GET', url: '/v1/packages/classic', headers: { 'x-tenant-key': b.publicKey } });
    expect(bySlug.statusCode).toBe(404);
  });

  it("lets a tenant's own admin delete an add-on: gone from the admin view and the widget, its package kept", async () => {
    // A tenant of its own, so the other tests' catalogs stay as they expect.
    const d = await seedTenant(t, 'delta');
    await seedUser(t, 'admin@delta.test', 'Delta-Pass-2026', UserRole.TENANT_ADMIN, d.id);
    const adminD = { authorization: `Bearer ${await loginToken(t, 'admin@delta.test', 'Delta-Pass-2026')}` };
    const pkg = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: adminD,
      payload: { slug: 'garden', name: 'Garden', basePriceCents: 5000 },
    });
    const add = (slug: string) =>
      t.app.inject({ method: 'POST', url: `/v1/admin/packages/${pkg.json().id}/addons`, headers: adminD, payload: { slug, name: slug, priceCents: 700 } });
    const [keep, drop] = [(await add('lanterns')).json(), (await add('fireworks')).json()];

    const deleted = await t.app.inject({ method: 'DELETE', url: `/v1/admin/packages/${pkg.json().id}/addons/${drop.id}`, headers: adminD });
    expect([deleted.statusCode, deleted.body]).toEqual([204, '']);
    const admin = await t.app.inject({ method: 'GET', url: `/v1/admin/packages/${pkg.json().id}`, headers: adminD });
    expect(admin.json().addOns.map((a: { id: string }) => a.id)).toEqual([keep.id]);
    const widget = await t.app.inject({ method: 'GET', url: '/v1/packages/garden', headers: { 'x-tenant-key': d.publicKey } });
    expect(widget.json().addOns.map((a: { slug: string }) => a.slug)).toEqual(['lanterns']);
    const again = await t.app.inject({ method: 'DELETE', url: `/v1/admin/packages/${pkg.json().id}/addons/${drop.id}`, headers: adminD });
    expect(again.statusCode).toBe(404);
  });

  it("answers 404 to another tenant's admin for every package and add-on route, and changes nothing", async () => {
    const id = packageA.id;
    const addOnId = packageA.addOns[0].id;
    const attempts = [
      { method: 'GET', url: `/v1/admin/packages/${id}` },
      { method: 'PATCH', url: `/v1/admin/packages/${id}`, payload: { name: 'Hijacked' } },
      { method: 'DELETE', url: `/v1/admin/packages/${id}` },
      { method: 'POST', url: `/v1/admin/packages/${id}/addons`, payload: { slug: 'x', name: 'X', priceCents: 1 } },
      { method: 'PATCH', url: `/v1/admin/packages/${id}/addons/${addOnId}`, payload: { priceCents: 1 } },
      { method: 'DELETE', url: `/v1/admin/packages/${id}/addons/${addOnId}` },
    ] as const;
    for (const attempt of attempts) {
      const res = await t.app.inject({ ...attempt, headers: adminB });
      expect({ route: `${attempt.method} ${attempt.url}`, status: res.statusCode, code: res.json().code }).toEqual({
        route: `${attempt.method} ${attempt.url}`,
        status: 404,
        code: 'NOT_FOUND',
      });
    }
    const listB = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: adminB });
    expect(listB.json()).toEqual([]);
    const stillThere = await t.app.inject({ method: 'GET', url: `/v1/admin/packages/${id}`, headers: adminA });
    expect(stillThere.json()).toMatchObject({ name: 'Classic', basePriceCents: 10001, addOns: [{ id: addOnId, priceCents: 2000 }] });
  });

  it('lets the same slug exist in two tenants, but not twice in one', async () => {
    const inB = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: adminB,
      payload: { slug: 'classic', name: 'B Classic', basePriceCents: 5 },
    });
    expect(inB.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: adminA,
      payload: { slug: 'classic', name: 'Dup', basePriceCents: 5 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONFLICT');
  });

  it('forbids a tenant admin from acting on another tenant through X-Tenant-Id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { ...adminB, 'x-tenant-id': a.id } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });

  it('keeps platform admins explicit: X-Tenant-Id is required and must name a tenant', async () => {
    await seedUser(t, 'ops@platform.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    const ops = { authorization: `Bearer ${await loginToken(t, 'ops@platform.test', 'Ops-Pass-2026!')}` };
    const missing = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: ops });
    expect(missing.statusCode).toBe(400);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/v1/admin/packages',
      headers: { ...ops, 'x-tenant-id': '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(404);
    const chosen = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { ...ops, 'x-tenant-id': a.id } });
    expect(chosen.json().map((p: { slug: string }) => p.slug)).toEqual(['classic']);
  });

  it('stops a deactivated tenant at once, for its widget and its admins', async () => {
    const c = await seedTenant(t, 'charlie');
    await seedUser(t, 'admin@charlie.test', 'Charlie-Pass-2026', UserRole.TENANT_ADMIN, c.id);
    const adminC = { authorization: `Bearer ${await loginToken(t, 'admin@charlie.test', 'Charlie-Pass-2026')}` };
    const ops = { authorization: `Bearer ${await loginToken(t, 'ops@platform.test', 'Ops-Pass-2026!')}` };
    const off = await t.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${c.id}`, headers: ops, payload: { isActive: false } });
    expect(off.statusCode).toBe(200);
    const widget = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': c.publicKey } });
    expect([widget.statusCode, widget.json().code]).toEqual([403, 'TENANT_INACTIVE']);
    const admin = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: adminC });
    expect([admin.statusCode, admin.json().code]).toEqual([403, 'TENANT_INACTIVE']);
  });

  it('retires the old keys the moment keys are rotated, and never shows a secret key on reads', async () => {
    const ops = { authorization: `Bearer ${await loginToken(t, 'ops@platform.test', 'Ops-Pass-2026!')}` };
    const rotated = await t.app.inject({ method: 'POST', url: `/v1/admin/tenants/${b.id}/rotate-keys`, headers: ops });
    expect(rotated.statusCode).toBe(200);
    const { publicKey, secretKey } = rotated.json().keys;
    expect(publicKey).toMatch(/^pk_live_bravo_[A-Za-z0-9]{32}$/);
    expect(secretKey).toMatch(/^sk_live_bravo_[A-Za-z0-9]{32}$/);
    const old = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': b.publicKey } });
    expect([old.statusCode, old.json().code]).toEqual([401, 'INVALID_TENANT_KEY']);
    const fresh = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': publicKey } });
    expect(fresh.statusCode).toBe(200);
    const reads = [
      await t.app.inject({ method: 'GET', url: '/v1/admin/tenants', headers: ops }),
      await t.app.inject({ method: 'GET', url: `/v1/admin/tenants/${b.id}`, headers: ops }),
    ];
    for (const read of reads) expect(read.body).not.toMatch(/sk_live_|secretKey/);
  });
});
