import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UserRole } from '@mais/domain';
import { describeWithRedis } from '@mais/testing';
import { createApiApp } from '../src/app.factory';
import { createTestApp, loginToken, SeededTenant, seedTenant, seedUser, TestApp } from './support/harness';

type Mode = { name: string; redis: boolean };

/**
 * The widget's reads are cached per tenant; every write a widget could notice drops the tenant's entries
 * in the same request. The same behaviour with the in-memory adapter and with real Redis.
 */
function cacheSuite(mode: Mode) {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let adminA: Record<string, string>;
  let ops: Record<string, string>;
  const widget = (tenant: SeededTenant, url: string) => t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });
  const stats = async () => (await t.app.inject({ method: 'GET', url: '/health/cache', headers: ops })).json();

  beforeAll(async () => {
    t = await createTestApp({ redis: mode.redis });
    a = await seedTenant(t, 'cache-a');
    b = await seedTenant(t, 'cache-b');
    await seedUser(t, 'admin@cache-a.test', 'Cache-Pass-2026', UserRole.TENANT_ADMIN, a.id);
    await seedUser(t, 'ops@cache.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    adminA = { authorization: `Bearer ${await loginToken(t, 'admin@cache-a.test', 'Cache-Pass-2026')}` };
    ops = { authorization: `Bearer ${await loginToken(t, 'ops@cache.test', 'Ops-Pass-2026!')}` };
    await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: adminA, payload: { slug: 'classic', name: 'Classic', basePriceCents: 10000 } });
  });
  afterAll(() => t?.close());

  it("serves the second identical read from the cache, and never one tenant's entry to another", async () => {
    const before = await stats();
    const first = await widget(a, '/v1/packages?sort=name');
    const second = await widget(a, '/v1/packages?sort=name');
    expect(second.body).toBe(first.body);
    expect((await stats()).hits).toBeGreaterThan(before.hits);
    const other = await widget(b, '/v1/packages?sort=name');
    expect(other.json()).toEqual([]);
    expect(first.json().map((p: { slug: string }) => p.slug)).toEqual(['classic']);
  });

  it('shows a package change in the very next read', async () => {
    await widget(a, '/v1/packages');
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: adminA,
      payload: { slug: 'deluxe', name: 'Deluxe', basePriceCents: 20000 },
    });
    expect((await widget(a, '/v1/packages')).json().map((p: { slug: string }) => p.slug)).toEqual(['classic', 'deluxe']);
    await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${created.json().id}`, headers: adminA, payload: { basePriceCents: 25000 } });
    expect((await widget(a, '/v1/packages/deluxe')).json().basePriceCents).toBe(25000);
    expect((await widget(a, '/v1/packages')).json()[1].basePriceCents).toBe(25000);
    await t.app.inject({ method: 'DELETE', url: `/v1/admin/packages/${created.json().id}`, headers: adminA });
    expect((await widget(a, '/v1/packages')).json().map((p: { slug: string }) => p.slug)).toEqual(['classic']);
    expect((await widget(a, '/v1/packages/deluxe')).statusCode).toBe(404);
  });

  it('shows an add-on change in the very next read', async () => {
    const [classic] = (await widget(a, '/v1/packages')).json();
    const addOn = await t.app.inject({
      method: 'POST',
      url: `/v1/admin/packages/${classic.id}/addons`,
      headers: adminA,
      payload: { slug: 'cake', name: 'Cake', priceCents: 2000 },
    });
    expect((await widget(a, '/v1/packages')).json()[0].addOns).toHaveLength(1);
    await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${classic.id}/addons/${addOn.json().id}`, headers: adminA, payload: { active: false } });
    expect((await widget(a, '/v1/packages')).json()[0].addOns).toHaveLength(0);
  });

  it('shows a config publish and a rollback in the very next read', async () => {
    const [classic] = (await widget(a, '/v1/packages')).json();
    expect(classic.featured).toBe(false);
    const draft = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/config/versions',
      headers: adminA,
      payload: { config: { schemaVersion: 1, packages: { [classic.id]: { visible: true, order: 0, featured: true, customDescription: 'Our favourite' } } } },
    });
    expect(draft.statusCode).toBe(201);
    const published = await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${draft.json().id}/publish`, headers: adminA });
    expect(published.statusCode).toBe(200);
    expect((await widget(a, '/v1/packages')).json()[0]).toMatchObject({ featured: true, description: 'Our favourite' });
    expect((await widget(a, '/v1/config')).json().versionId).toBe(draft.json().id);

    const plain = await t.app.inject({ method: 'POST', url: '/v1/admin/config/versions', headers: adminA, payload: { config: { schemaVersion: 1 } } });
    await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${plain.json().id}/publish`, headers: adminA });
    expect((await widget(a, '/v1/packages')).json()[0]).toMatchObject({ featured: false, description: '' });
    const rollback = await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${draft.json().id}/rollback`, headers: adminA });
    expect(rollback.statusCode).toBe(201);
    expect((await widget(a, '/v1/packages')).json()[0]).toMatchObject({ featured: true, description: 'Our favourite' });
    expect((await widget(a, '/v1/config')).json().versionId).toBe(rollback.json().id);
  });

  it('stops a deactivated tenant and a rotated key at once, even right after a cached read', async () => {
    const c = await seedTenant(t, 'cache-c');
    expect((await widget(c, '/v1/packages')).statusCode).toBe(200);
    await t.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${c.id}`, headers: ops, payload: { isActive: false } });
    expect((await widget(c, '/v1/packages')).json().code).toBe('TENANT_INACTIVE');
    await t.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${c.id}`, headers: ops, payload: { isActive: true } });
    expect((await widget(c, '/v1/packages')).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: `/v1/admin/tenants/${c.id}/rotate-keys`, headers: ops });
    expect((await widget(c, '/v1/packages')).json().code).toBe('INVALID_TENANT_KEY');
  });

  it('reports its statistics at /health/cache to platform admins only', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health/cache' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/health/cache', headers: adminA })).statusCode).toBe(403);
    expect(await stats()).toEqual({
      connected: true,
      hits: expect.any(Number),
      misses: expect.any(Number),
      keys: expect.any(Number),
      totalRequests: expect.any(Number),
      hitRate: expect.stringMatching(/^\d+\.\d\d%$/),
      efficiency: expect.stringMatching(/^(optimal|good|poor)$/),
    });
  });
}

describe('read cache (in-memory adapter)', () => cacheSuite({ name: 'memory', redis: false }));
describeWithRedis('read cache (Redis adapter)', () => cacheSuite({ name: 'redis', redis: true }));

/**
 * Two API processes on one database and one Redis (ADR 0009): each keeps local copies of its hits, and a
 * write through one must still be what the other's very next read shows.
 */
describeWithRedis('read cache across API instances (Redis adapter, local copies)', () => {
  let writer: TestApp;
  let reader: NestFastifyApplication;
  let tenant: SeededTenant;
  let admin: Record<string, string>;
  let ops: Record<string, string>;
  const read = (url: string, key = tenant.publicKey) => reader.inject({ method: 'GET', url, headers: { 'x-tenant-key': key } });
  const slugs = async () => (await read('/v1/packages')).json().map((p: { slug: string }) => p.slug);

  beforeAll(async () => {
    writer = await createTestApp({ redis: true });
    reader = await createApiApp(writer.settings, { logger: false }); // same database, same Redis key prefix
    tenant = await seedTenant(writer, 'instances');
    await seedUser(writer, 'admin@instances.test', 'Instances-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    await seedUser(writer, 'ops@instances.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    admin = { authorization: `Bearer ${await loginToken(writer, 'admin@instances.test', 'Instances-Pass-2026')}` };
    ops = { authorization: `Bearer ${await loginToken(writer, 'ops@instances.test', 'Ops-Pass-2026!')}` };
    await writer.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: admin,
      payload: { slug: 'classic', name: 'Classic', basePriceCents: 10000 },
    });
  });
  afterAll(async () => {
    await reader?.close();
    await writer?.close();
  });

  it("shows one instance's catalog write in the other's next read, though it served the list from its copy", async () => {
    expect(await slugs()).toEqual(['classic']);
    const hitsBefore = (await reader.inject({ method: 'GET', url: '/health/cache', headers: ops })).json().hits;
    expect(await slugs()).toEqual(['classic']); // a hit: from the local copy, after the generation check
    expect((await reader.inject({ method: 'GET', url: '/health/cache', headers: ops })).json().hits).toBeGreaterThan(hitsBefore);

    const created = await writer.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: admin,
      payload: { slug: 'deluxe', name: 'Deluxe', basePriceCents: 20000 },
    });
    expect(created.statusCode).toBe(201);
    expect(await slugs()).toEqual(['classic', 'deluxe']);
    await writer.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${created.json().id}`, headers: admin, payload: { basePriceCents: 25000 } });
    expect((await read('/v1/packages')).json()[1].basePriceCents).toBe(25000);
  });

  it("stops the other instance's next request after a deactivation or key rotation", async () => {
    expect((await read('/v1/packages')).statusCode).toBe(200);
    await writer.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${tenant.id}`, headers: ops, payload: { isActive: false } });
    expect((await read('/v1/packages')).json().code).toBe('TENANT_INACTIVE');
    await writer.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${tenant.id}`, headers: ops, payload: { isActive: true } });
    expect((await read('/v1/packages')).statusCode).toBe(200);

    const rotated = await writer.app.inject({ method: 'POST', url: `/v1/admin/tenants/${tenant.id}/rotate-keys`, headers: ops });
    expect(rotated.statusCode).toBe(200);
    expect((await read('/v1/packages')).json().code).toBe('INVALID_TENANT_KEY');
    expect((await read('/v1/packages', rotated.json().keys.publicKey)).json().map((p: { slug: string }) => p.slug)).toEqual(['classic', 'deluxe']);
  });
});
