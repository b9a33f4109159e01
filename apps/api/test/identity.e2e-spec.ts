import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from './support/harness';

describe('admin identity', () => {
  let t: TestApp;
  let ops: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await seedUser(t, 'ops@identity.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    ops = { authorization: `Bearer ${await loginToken(t, 'ops@identity.test', 'Ops-Pass-2026!')}` };
  });
  afterAll(() => t?.close());

  const login = (email: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/v1/admin/login', payload: { email, password }, remoteAddress: ip });

  it('returns a JWT and its lifetime for good credentials, and the same 401 for a wrong password or unknown email', async () => {
    const ok = await login('OPS@identity.test', 'Ops-Pass-2026!', '10.0.0.9');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ token: expect.stringMatching(/^ey/), expiresIn: expect.any(Number) });
    const wrong = await login('ops@identity.test', 'nope', '10.0.0.9');
    const unknown = await login('ghost@identity.test', 'nope', '10.0.0.9');
    expect([wrong.statusCode, wrong.json().code, wrong.json().detail]).toEqual([401, 'UNAUTHENTICATED', 'Invalid email or password']);
    expect([unknown.statusCode, unknown.json().detail]).toEqual([401, 'Invalid email or password']);
  });

  it('manages users: a tenant admin needs a tenant, emails are unique, and a deleted user loses access at once', async () => {
    const tenant = await seedTenant(t, 'identity');
    const noTenant = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/users',
      headers: ops,
      payload: { email: 'x@identity.test', password: 'Long-Enough-1', role: 'TENANT_ADMIN' },
    });
    expect([noTenant.statusCode, noTenant.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/users',
      headers: ops,
      payload: { email: 'owner@identity.test', password: 'Owner-Pass-2026', role: 'TENANT_ADMIN', tenantId: tenant.id },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'owner@identity.test', role: 'TENANT_ADMIN', tenantId: tenant.id });
    expect(created.body).not.toMatch(/password/i);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/users',
      headers: ops,
      payload: { email: 'Owner@identity.test', password: 'Owner-Pass-2026', role: 'TENANT_ADMIN', tenantId: tenant.id },
    });
    expect(dup.statusCode).toBe(409);
    const owner = { authorization: `Bearer ${await loginToken(t, 'owner@identity.test', 'Owner-Pass-2026')}` };
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: owner })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/users', headers: owner })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/admin/users/${created.json().id}`, headers: ops })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: owner })).statusCode).toBe(401);
  });

  it('lists users for platform admins, and changes a password, role and active flag', async () => {
    const tenant = await seedTenant(t, 'identity-edit');
    const created = (
      await t.app.inject({
        method: 'POST',
        url: '/v1/admin/users',
        headers: ops,
        payload: { email: 'editor@identity.test', password: 'Editor-Pass-2026', role: 'TENANT_ADMIN', tenantId: tenant.id },
      })
    ).json();

    const listed = await t.app.inject({ method: 'GET', url: '/v1/admin/users', headers: ops });
    expect(listed.statusCode).toBe(200);
    expect(listed.json()).toEqual(
      expect.arrayContaining([
        {
          id: created.id,
          email: 'editor@identity.test',
          role: 'TENANT_ADMIN',
          tenantId: tenant.id,
          isActive: true,
          lastLoginAt: null,
          createdAt: expect.any(String),
        },
        expect.objectContaining({ email: 'ops@identity.test', role: 'PLATFORM_ADMIN', tenantId: null, lastLoginAt: expect.any(String) }),
      ]),
    );
    expect(listed.body).not.toMatch(/password/i);

    const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: `/v1/admin/users/${created.id}`, headers: ops, payload });
    const changed = await patch({ password: 'Changed-Pass-2026', role: 'PLATFORM_ADMIN', tenantId: null });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ id: created.id, role: 'PLATFORM_ADMIN', tenantId: null, isActive: true });
    expect((await login('editor@identity.test', 'Editor-Pass-2026', '10.3.0.1')).statusCode).toBe(401);
    expect((await login('editor@identity.test', 'Changed-Pass-2026', '10.3.0.1')).statusCode).toBe(200);

    expect((await patch({ password: 'short' })).json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const deactivated = await patch({ isActive: false });
    expect(deactivated.json()).toMatchObject({ isActive: false });
    expect((await login('editor@identity.test', 'Changed-Pass-2026', '10.3.0.2')).statusCode).toBe(401);
  });

  it('shows one tenant to platform admins, with its public key but never its secret', async () => {
    const tenant = await seedTenant(t, 'identity-show');
    const res = await t.app.inject({ method: 'GET', url: `/v1/admin/tenants/${tenant.id}`, headers: ops });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: tenant.id,
      name: 'Tenant identity-show',
      slug: 'identity-show',
      commissionPercent: 12.5,
      stripeAccountId: null,
      currency: 'usd',
      timezone: 'UTC',
      isActive: true,
      publicKey: tenant.publicKey,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.body).not.toContain(tenant.secretKey);
    expect((await t.app.inject({ method: 'GET', url: '/v1/admin/tenants/00000000-0000-4000-8000-000000000000', headers: ops })).statusCode).toBe(404);
  });

  it('validates tenant input: slug format, commission with at most two decimals, a real time zone', async () => {
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/tenants',
      headers: ops,
      payload: { name: 'X', slug: 'Bad_Slug', commissionPercent: 12.345, timezone: 'Mars/Olympus' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['slug', 'commissionPercent']));
    const zone = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/tenants',
      headers: ops,
      payload: { name: 'X', slug: 'zone', commissionPercent: 10, timezone: 'Mars/Olympus' },
    });
    expect([zone.statusCode, zone.json().errors?.[0]?.field]).toEqual([400, 'timezone']);
  });

  it('describes all three security schemes and every route in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(expect.arrayContaining(['tenantKey', 'adminJwt', 'secretKey']));
    for (const path of [
      '/v1/packages',
      '/v1/packages/{slug}',
      '/v1/admin/login',
      '/v1/admin/packages/{id}/addons/{addOnId}',
      '/v1/admin/tenants/{id}/rotate-keys',
      '/v1/admin/users/{id}',
      '/health/ready',
    ]) {
      expect(doc.paths).toHaveProperty([path]);
    }
    // The public key, or (previewing a version or a proposal) the public key with the admin's token or the secret key.
    expect(doc.paths['/v1/packages'].get.security).toEqual([{ tenantKey: [] }, { tenantKey: [], secretKey: [] }, { tenantKey: [], adminJwt: [] }]);
    expect(doc.paths['/v1/availability'].get.security).toEqual([{ tenantKey: [] }]);
    expect(doc.paths['/v1/admin/packages'].post.responses['400']).toEqual({ $ref: '#/components/responses/Problem400' });
    expect(doc.components.responses.Problem400.content['application/problem+json']).toBeDefined();
  });
});
