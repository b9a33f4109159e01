import { createTestApp, seedTenant, SeededTenant, TestApp } from './support/harness';

/** Helmet's headers with the strict CSP, computed once at boot (security-headers.ts), on every kind of response. */
const EXPECTED = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: https:;" +
    "object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

describe('security headers', () => {
  let t: TestApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t, 'helmet');
  });
  afterAll(() => t?.close());

  it.each([
    ['a widget read', '/v1/packages', 200],
    ['a cached widget read', '/v1/packages', 200],
    ['the health check', '/health', 200],
    ['a problem', '/v1/packages/nope', 404],
    ['an unknown route', '/v1/nothing-here', 404],
    ['the API docs', '/docs', 200],
  ])('sets them on %s', async (_, url, status) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(EXPECTED);
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });
});
