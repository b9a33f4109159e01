import { randomBytes } from 'node:crypto';
import { UserRole } from '@mais/domain';
import { describeWithRedis } from '@mais/testing';
import { createTestApp, loginToken, SeededTenant, seedTenant, seedUser, TestApp } from './support/harness';

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describeWithRedis('GET /metrics', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  };
  const widget = (url: string) => t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });

  beforeAll(async () => {
    t = await createTestApp({ redis: true });
    tenant = await seedTenant(t, 'metrics-a');
    await seedUser(t, 'admin@metrics-a.test', 'Metrics-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    const admin = { authorization: `Bearer ${await loginToken(t, 'admin@metrics-a.test', 'Metrics-Pass-2026')}` };
    await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: admin, payload: { slug: 'classic', name: 'Classic', basePriceCents: 10000 } });
  });
  afterAll(() => t?.close());

  it('counts requests by route pattern and status, never by raw URL, and times them', async () => {
    const before = await scrape();
    const ok = '{method="GET",route="/v1/packages/:slug",status="200"}';
    const missing = '{method="GET",route="/v1/packages/:slug",status="404"}';
    await widget('/v1/packages/classic');
    await widget('/v1/packages/classic?x=1');
    await widget('/v1/packages/no-such-package');
    const after = await scrape();
    expect((sample(after, `mais_http_requests_total${ok}`) ?? 0) - (sample(before, `mais_http_requests_total${ok}`) ?? 0)).toBe(2);
    expect((sample(after, `mais_http_requests_total${missing}`) ?? 0) - (sample(before, `mais_http_requests_total${missing}`) ?? 0)).toBe(1);
    expect(sample(after, `mais_http_request_duration_seconds_count${ok}`)).toBe(sample(after, `mais_http_requests_total${ok}`));
    expect(after).not.toContain('no-such-package');
    expect(after).not.toContain('x=1');
  });

  it('shows cache hits and misses moving with widget reads', async () => {
    const before = await scrape();
    await widget('/v1/packages?sort=name');
    await widget('/v1/packages?sort=name');
    const after = await scrape();
    const hits = (body: string) => sample(body, 'mais_cache_requests_total{result="hit"}') ?? 0;
    const misses = (body: string) => sample(body, 'mais_cache_requests_total{result="miss"}') ?? 0;
    expect(misses(after)).toBeGreaterThan(misses(before));
    expect(hits(after)).toBeGreaterThan(hits(before));
  });

  it('reports queue depth per queue and the database pool', async () => {
    const body = await scrape();
    for (const queue of ['webhooks', 'emails', 'calendar']) expect(sample(body, `mais_queue_jobs{queue="${queue}",state="waiting"}`)).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'mais_db_pool_connections{state="max"}')).toBeGreaterThan(0);
    expect(sample(body, 'mais_db_pool_connections{state="used"}')).toBeGreaterThanOrEqual(0);
  });

  it('leaves the platform-wide figures to the processes that run jobs', async () => {
    expect(await scrape()).not.toContain('mais_bookings');
  });
});

describeWithRedis('GET /metrics in production', () => {
  const production = { NODE_ENV: 'production', SIMULATED_PAYMENTS: 'true' };

  it('does not exist without METRICS_TOKEN', async () => {
    const t = await createTestApp({ redis: true, env: production });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    } finally {
      await t.close();
    }
  });

  it('wants METRICS_TOKEN as a Bearer token', async () => {
    const token = randomBytes(24).toString('hex');
    const t = await createTestApp({ redis: true, env: { ...production, METRICS_TOKEN: token } });
    try {
      const scrape = (authorization?: string) => t.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      for (const wrong of [undefined, `Bearer ${token.slice(0, -1)}`, `Bearer ${token}x`, token, `Basic ${token}`]) {
        const res = await scrape(wrong);
        expect(res.statusCode).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().code).toBe('UNAUTHENTICATED');
      }
      const ok = await scrape(`Bearer ${token}`);
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('mais_http_requests_total{method="GET",route="/metrics",status="401"} 5');
    } finally {
      await t.close();
    }
  });
});
