import { JobQueue, UserRole } from '@mais/domain';
import { describeWithRedis } from '@mais/testing';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from './support/harness';

/** bull-board at /admin/queues: only with Redis, only for platform admins (header or the login cookie). */
describeWithRedis('queue dashboard at /admin/queues', () => {
  let t: TestApp;
  let platformToken: string;
  let tenantToken: string;

  beforeAll(async () => {
    t = await createTestApp({ redis: true });
    const tenant = await seedTenant(t, 'dashboard-studio');
    await seedUser(t, 'root@dashboard.test', 'Root-Pass-2026', UserRole.PLATFORM_ADMIN);
    await seedUser(t, 'owner@dashboard.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    platformToken = await loginToken(t, 'root@dashboard.test', 'Root-Pass-2026');
    tenantToken = await loginToken(t, 'owner@dashboard.test', 'Owner-Pass-2026');
    await t.app.get(JobQueue).enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId: tenant.id }, { jobId: 'visible-job' });
  });
  afterAll(() => t?.close());

  it('refuses anyone but a platform admin, as problem+json for API calls and with a redirect to sign in for a browser', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect(anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const tenantAdmin = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${tenantToken}` } });
    expect(tenantAdmin.statusCode).toBe(403);
    expect(tenantAdmin.json()).toMatchObject({ code: 'FORBIDDEN' });

    const forged = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${platformToken}x` } });
    expect(forged.statusCode).toBe(401);

    const browser = await t.app.inject({ method: 'GET', url: '/admin/queues', headers: { accept: 'text/html' } });
    expect(browser.statusCode).toBe(303);
    expect(browser.headers.location).toBe('/admin/queues/login');
  });

  it('shows every queue and its jobs to a platform admin', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { authorization: `Bearer ${platformToken}` } });

    expect(res.statusCode).toBe(200);
    const queues = res.json().queues as Array<{ name: string; counts: Record<string, number> }>;
    expect(queues.map((q) => q.name).sort()).toEqual(['calendar', 'emails', 'tenant-webhooks', 'webhooks']);
    const emails = queues.find((q) => q.name === 'emails')!;
    expect(Object.values(emails.counts).reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(1);

    const page = await t.app.inject({ method: 'GET', url: '/admin/queues', headers: { authorization: `Bearer ${platformToken}` } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<base href="/admin/queues/"');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = /src="(static\/js\/main[^"]+)"/.exec(page.body)![1];
    expect((await t.app.inject({ method: 'GET', url: `/admin/queues/${asset}`, headers: { authorization: `Bearer ${platformToken}` } })).statusCode).toBe(200);
  });

  it('lets a browser sign in with a pasted token, kept in an HttpOnly SameSite=Strict cookie scoped to the dashboard', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/admin/queues/login' });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<form method="post" action="/admin/queues/login">');

    const refused = await t.app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(tenantToken)}`,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['set-cookie']).toBeUndefined();

    const login = await t.app.inject({
      method: 'POST',
      url: '/admin/queues/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${encodeURIComponent(platformToken)}`,
    });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/queues');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^mais_queues_token=[^;]+; Path=\/admin\/queues; Max-Age=\d+; HttpOnly; SameSite=Strict$/);

    const withCookie = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: { cookie: cookie.split(';')[0] } });
    expect(withCookie.statusCode).toBe(200);
  });
});

describe('queue dashboard without Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('does not exist when the queues run in-process', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/queues/api/queues' });
    expect(res.statusCode).toBe(404);
  });
});
