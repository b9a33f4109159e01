import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UserRole } from '@mais/domain';
import { describeWithRedis } from '@mais/testing';
import { createApiApp } from '../../api/src/app.factory';
import { createTestApp, seedTenant, seedUser, TestApp } from '../../api/test/support/harness';
import { checkoutBody, createBookingTenant, createPlatformAdmin, freshDate, type BookingTenant } from '../../api/test/support/booking-fixtures';

type Inject = NestFastifyApplication['inject'];

const login = (inject: Inject, email: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  inject({ method: 'POST', url: '/v1/admin/login', payload: { email, password }, remoteAddress: ip, headers });

const statuses = (responses: Array<{ statusCode: number }>) =>
  responses.reduce<Record<number, number>>((counts, r) => ({ ...counts, [r.statusCode]: (counts[r.statusCode] ?? 0) + 1 }), {});

/** The login and hold limits (ADR 0013), with the in-memory storage and with Redis shared by two API processes. */
function limitsSuite(mode: { name: string; redis: boolean }) {
  describe(`limits (${mode.name})`, () => {
    let t: TestApp;
    let other: NestFastifyApplication;
    let tenant: BookingTenant;

    beforeAll(async () => {
      // The production hold limits, not the harness's generous ones.
      t = await createTestApp({ redis: mode.redis, env: { HOLDS_PER_CLIENT_PER_HOUR: '20', HOLDS_PER_EMAIL_PER_HOUR: '6' } });
      // With Redis, a second API process on the same database and Redis: the counts must be shared.
      other = mode.redis ? await createApiApp(t.settings, { logger: false }) : t.app;
      await seedUser(t, 'owner@limits.test', 'Owner-Pass-2026', UserRole.PLATFORM_ADMIN);
      tenant = await createBookingTenant(t, `limits-${mode.name}`);
    });
    afterAll(async () => {
      if (other !== t?.app) await other?.close();
      await t?.close();
    });

    const injectors = (): Inject[] => [t.app.inject.bind(t.app), other.inject.bind(other)];

    it('counts concurrent login attempts before checking them: exactly 10 of 30 simultaneous guesses are tried', async () => {
      const [first, second] = injectors();
      const responses = await Promise.all(Array.from({ length: 30 }, (_, i) => login(i % 2 ? second : first, 'owner@limits.test', `guess-${i}`, '10.30.0.1')));
      expect(statuses(responses)).toEqual({ 401: 10, 429: 20 });
      const refused = responses.find((r) => r.statusCode === 429)!;
      expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(800);
      // Even the right password is not tried from that client for that account now.
      expect((await login(first, 'owner@limits.test', 'Owner-Pass-2026', '10.30.0.1')).statusCode).toBe(429);
    });

    it('does not let an attacker elsewhere lock the owner out', async () => {
      const [first, second] = injectors();
      for (let i = 0; i < 12; i++) await login(first, 'owner@limits.test', 'wrong', '10.31.0.1');
      expect((await login(first, 'owner@limits.test', 'wrong', '10.31.0.1')).statusCode).toBe(429);
      const owner = await login(second, 'owner@limits.test', 'Owner-Pass-2026', '10.31.0.2');
      expect(owner.statusCode).toBe(200);
    });

    it('stops one client trying many accounts after 50 attempts', async () => {
      const [first, second] = injectors();
      const responses = [];
      for (let i = 0; i < 50; i++) responses.push(await login(i % 2 ? second : first, `nobody${i}@limits.test`, 'wrong', '10.32.0.1'));
      expect(statuses(responses)).toEqual({ 401: 50 });
      expect((await login(first, 'owner@limits.test', 'Owner-Pass-2026', '10.32.0.1')).statusCode).toBe(429);
      expect((await login(first, 'owner@limits.test', 'Owner-Pass-2026', '10.32.0.2')).statusCode).toBe(200);
    });

    it('takes at most 6 holds an hour for one customer email, whatever the client address', async () => {
      const [first, second] = injectors();
      const headers = { 'x-tenant-key': tenant.publicKey };
      const responses = [];
      for (let i = 0; i < 8; i++) {
        responses.push(
          await (i % 2 ? second : first)({
            method: 'POST',
            url: '/v1/bookings/checkout',
            headers,
            remoteAddress: `10.40.0.${i}`,
            payload: checkoutBody(freshDate(), { customer: { email: 'Same.Couple@Example.com', name: 'Ann Lee' } }),
          }),
        );
      }
      expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201, 429, 429]);
      expect(responses[6].json()).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(responses[6].headers['retry-after'])).toBeGreaterThan(3000);
    });

    it('takes at most 20 holds an hour from one client address, and counts each tenant apart', async () => {
      const [first, second] = injectors();
      const other = await createBookingTenant(t, `limits-other-${mode.name}`);
      const hold = (on: Inject, key: string, i: number) =>
        on({
          method: 'POST',
          url: '/v1/bookings/checkout',
          headers: { 'x-tenant-key': key },
          remoteAddress: '10.41.0.1',
          payload: checkoutBody(freshDate(), { customer: { email: `couple${i}@example.com`, name: 'Ann Lee' } }),
        });
      const responses = await Promise.all(Array.from({ length: 24 }, (_, i) => hold(i % 2 ? second : first, tenant.publicKey, i)));
      expect(statuses(responses)).toEqual({ 201: 20, 429: 4 });
      expect((await hold(first, other.publicKey, 99)).statusCode).toBe(201);
    });
  });
}

limitsSuite({ name: 'memory', redis: false });
describeWithRedis('with Redis', () => limitsSuite({ name: 'redis', redis: true }));

describe('client addresses, exposure and deactivated tenants', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('ignores X-Forwarded-For unless TRUST_PROXY says which proxies to believe', async () => {
    t = await createTestApp();
    await seedUser(t, 'xff@limits.test', 'Xff-Pass-2026!', UserRole.PLATFORM_ADMIN);
    const inject = t.app.inject.bind(t.app);
    for (let i = 0; i < 10; i++) await login(inject, 'xff@limits.test', 'wrong', '10.50.0.1', { 'x-forwarded-for': `203.0.113.${i}` });
    // Every attempt came from 10.50.0.1, whatever the header claimed.
    expect((await login(inject, 'xff@limits.test', 'wrong', '10.50.0.1', { 'x-forwarded-for': '203.0.113.200' })).statusCode).toBe(429);
    await t.close();

    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
    await seedUser(t, 'xff@limits.test', 'Xff-Pass-2026!', UserRole.PLATFORM_ADMIN);
    const proxied = t.app.inject.bind(t.app);
    for (let i = 0; i < 10; i++) await login(proxied, 'xff@limits.test', 'wrong', '10.50.0.1', { 'x-forwarded-for': `203.0.113.${i}` });
    // Behind one trusted proxy, each forwarded client is counted apart.
    expect((await login(proxied, 'xff@limits.test', 'Xff-Pass-2026!', '10.50.0.1', { 'x-forwarded-for': '203.0.113.200' })).statusCode).toBe(200);
  });

  it('refuses a token to the admin of a deactivated tenant', async () => {
    t = await createTestApp();
    const tenant = await seedTenant(t, 'limits-deactivated');
    await seedUser(t, 'owner@deactivated.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    expect((await login(t.app.inject.bind(t.app), 'owner@deactivated.test', 'Owner-Pass-2026', '10.60.0.1')).statusCode).toBe(200);
    const ops = { authorization: `Bearer ${await createPlatformAdmin(t)}` };
    const deactivated = await t.app.inject({ method: 'PATCH', url: `/v1/admin/tenants/${tenant.id}`, headers: ops, payload: { isActive: false } });
    expect(deactivated.statusCode).toBe(200);
    const refused = await login(t.app.inject.bind(t.app), 'owner@deactivated.test', 'Owner-Pass-2026', '10.60.0.1');
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'TENANT_INACTIVE']);
    // A wrong password still learns nothing about the tenant.
    const wrong = await login(t.app.inject.bind(t.app), 'owner@deactivated.test', 'wrong', '10.60.0.1');
    expect([wrong.statusCode, wrong.json().code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('lets a console on an allowed origin send PATCH and DELETE', async () => {
    t = await createTestApp({ env: { CORS_ORIGINS: 'https://console.example.com' } });
    const preflight = (method: string, origin = 'https://console.example.com') =>
      t.app.inject({
        method: 'OPTIONS',
        url: '/v1/admin/packages/00000000-0000-4000-8000-000000000000',
        headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,content-type' },
      });
    for (const method of ['PATCH', 'DELETE', 'PUT']) {
      const res = await preflight(method);
      expect(res.statusCode).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('https://console.example.com');
      expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toContain(method);
    }
    expect((await preflight('PATCH', 'https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves Swagger UI only where DOCS_UI allows, and the OpenAPI document always', async () => {
    t = await createTestApp({ env: { DOCS_UI: 'false' } });
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/docs-json' })).statusCode).toBe(200);
    await t.close();
    t = await createTestApp();
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBe(200);
  });
});
