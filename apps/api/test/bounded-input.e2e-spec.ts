import { JwtService } from '@nestjs/jwt';
import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from './support/harness';

const PROBLEM = 'application/problem+json';
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Issue 10, item 2: every input is bounded and typed before code uses it, so bad input is a 4xx, never a 5xx. */
describe('bounded, typed input', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let admin: Record<string, string>;
  let widget: Record<string, string>;
  let packageId: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t, 'bounded');
    await seedUser(t, 'owner@bounded.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    admin = { authorization: `Bearer ${await loginToken(t, 'owner@bounded.test', 'Owner-Pass-2026')}` };
    widget = { 'x-tenant-key': tenant.publicKey };
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: admin,
      payload: { slug: 'classic', name: 'Classic', basePriceCents: 100000 },
    });
    expect(created.statusCode).toBe(201);
    packageId = created.json().id;
    userId = new JwtService().decode<{ sub: string }>(admin.authorization.slice('Bearer '.length)).sub;
  });
  afterAll(() => t?.close());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, code: string) => {
    expect([res.statusCode, res.json().code]).toEqual([status, code]);
    expect(res.headers['content-type']).toContain(PROBLEM);
    return res.json();
  };

  const nested = (depth: number, open: string, close: string) => open.repeat(depth) + close.repeat(depth);

  it.each([
    ['arrays', nested(5000, '[', ']')],
    ['objects', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`],
  ])('refuses JSON %s nested thousands of levels deep on login with a 400', async (_, payload) => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/admin/login', headers: JSON_HEADERS, payload });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.detail).toMatch(/nested/);
  });

  it('refuses deep JSON on an authenticated route too, before any handler runs', async () => {
    const payload = `{"slug":"deep","name":"Deep","basePriceCents":1,"description":${nested(3000, '[', ']')}}`;
    expectProblem(await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: { ...admin, ...JSON_HEADERS }, payload }), 400, 'VALIDATION_FAILED');
  });

  it('accepts JSON nested as deeply as real documents are', async () => {
    const payload = JSON.stringify({ email: 'owner@bounded.test', password: 'Owner-Pass-2026' });
    expect((await t.app.inject({ method: 'POST', url: '/v1/admin/login', headers: JSON_HEADERS, payload })).statusCode).toBe(200);
  });

  it('refuses a NUL character in a body string, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: admin,
      payload: { slug: 'nul', name: 'Bad\u0000name', basePriceCents: 1 },
    });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ field: 'name', message: 'must not contain a NUL character' }]);
  });

  it('refuses a NUL character in a body key', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: { ...admin, ...JSON_HEADERS }, payload: '{"sl\\u0000ug":"x"}' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });

  it.each([
    ['q', '/v1/packages?q=ab%00cd'],
    ['tier', '/v1/packages?tier=go%00ld'],
  ])('refuses a NUL character in the widget query %s', async (field, url) => {
    const body = expectProblem(await t.app.inject({ method: 'GET', url, headers: widget }), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ field, message: 'must not contain a NUL character' }]);
  });

  it('refuses a NUL character in a path parameter (a package slug)', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/packages/clas%00sic', headers: widget }), 400, 'VALIDATION_FAILED');
  });

  it('refuses a NUL character in the checkout fields', async () => {
    const payload = { packageSlug: 'classic', eventDate: '2027-06-12', customer: { email: 'ann@example.com', name: 'Ann\u0000Lee' }, notes: 'x\u0000' };
    const body = expectProblem(await t.app.inject({ method: 'POST', url: '/v1/bookings/checkout', headers: widget, payload }), 400, 'VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['customer.name', 'notes']);
  });

  it('refuses null for a non-nullable field in a PATCH body, and keeps the value', async () => {
    for (const field of ['name', 'basePriceCents', 'slug', 'description', 'active']) {
      const res = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${packageId}`, headers: admin, payload: { [field]: null } });
      const body = expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ field, message: 'must not be null' }]);
    }
    const after = await t.app.inject({ method: 'GET', url: `/v1/admin/packages/${packageId}`, headers: admin });
    expect(after.json()).toMatchObject({ name: 'Classic', basePriceCents: 100000, slug: 'classic', active: true });
  });

  it('still accepts null where the contract says nullable (tier, photoUrl)', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/admin/packages/${packageId}`, headers: admin, payload: { tier: null, photoUrl: null } });
    expect(res.statusCode).toBe(200);
  });

  it('refuses null for a non-nullable field of a PATCH user body, and still takes null for tenantId', async () => {
    await seedUser(t, 'root@bounded.test', 'Root-Pass-2026', UserRole.PLATFORM_ADMIN);
    const platform = { authorization: `Bearer ${await loginToken(t, 'root@bounded.test', 'Root-Pass-2026')}` };
    const res = await t.app.inject({ method: 'PATCH', url: `/v1/admin/users/${userId}`, headers: platform, payload: { isActive: null, role: null } });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([
      { field: 'isActive', message: 'must not be null' },
      { field: 'role', message: 'must not be null' },
    ]);
  });

  it.each([
    ['an availability date', '/v1/availability?date=9999-12-31'],
    ['an unavailable range', '/v1/availability/unavailable?from=9999-12-01&to=9999-12-31'],
  ])('refuses a far-future date in %s with a 400 naming the window', async (_, url) => {
    const body = expectProblem(await t.app.inject({ method: 'GET', url, headers: widget }), 400, 'VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/within 5 years/);
  });

  it('refuses a far-future event date at checkout', async () => {
    const payload = { packageSlug: 'classic', eventDate: '9999-12-31', customer: { email: 'ann@example.com', name: 'Ann Lee' } };
    const body = expectProblem(await t.app.inject({ method: 'POST', url: '/v1/bookings/checkout', headers: widget, payload }), 400, 'VALIDATION_FAILED');
    expect(body.errors).toEqual([{ field: 'eventDate', message: expect.stringMatching(/within 5 years/) }]);
  });

  describe('admin token claims', () => {
    // A bare JwtService: the app's own one always adds an expiry, and these tokens must be able to lack it.
    const sign = (payload: Record<string, unknown>, options: { expiresIn?: number } = {}) =>
      new JwtService({ secret: t.settings.jwtSecret }).sign(payload, { algorithm: 'HS256', ...options });

    it.each([
      ['sub is a number', () => sign({ sub: 12345, role: 'TENANT_ADMIN', tenantId: tenant.id }, { expiresIn: 600 })],
      ['sub is an object', () => sign({ sub: { id: 'x' }, role: 'TENANT_ADMIN', tenantId: tenant.id }, { expiresIn: 600 })],
      ['sub is not a UUID', () => sign({ sub: 'not-a-uuid', role: 'TENANT_ADMIN', tenantId: tenant.id }, { expiresIn: 600 })],
      ['role is unknown', () => sign({ sub: userId, role: 'ROOT', tenantId: tenant.id }, { expiresIn: 600 })],
      ['tenantId is a number', () => sign({ sub: userId, role: 'TENANT_ADMIN', tenantId: 7 }, { expiresIn: 600 })],
      ['exp is missing', () => sign({ sub: userId, role: 'TENANT_ADMIN', tenantId: tenant.id }, {})],
    ])('refuses a token whose %s with 401', async (_, token) => {
      const res = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${token()}` } });
      expectProblem(res, 401, 'UNAUTHENTICATED');
    });

    it('accepts a well-typed token with an expiry', async () => {
      const token = sign({ sub: userId, role: 'TENANT_ADMIN', tenantId: tenant.id }, { expiresIn: 600 });
      expect((await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    });
  });
});
