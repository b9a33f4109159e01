import { UserRole } from '@mais/domain';
import { createTestApp, seedTenant, seedUser, SeededTenant, TestApp } from './support/harness';

/** Issue 10, item 8: a wrong key or a missing JSON content type says what the route wants. */
describe('errors that say what the route wants', () => {
  let t: TestApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t, 'wantkeys');
    await seedUser(t, 'owner@wantkeys.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
  });
  afterAll(() => t?.close());

  const problemOf = (res: { statusCode: number; headers: Record<string, unknown>; json: () => any }) => {
    expect(res.headers['content-type']).toContain('application/problem+json');
    return { status: res.statusCode, ...res.json() };
  };

  it('names the public key when a widget route gets the secret key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': tenant.secretKey } });
    expect(problemOf(res)).toMatchObject({ status: 401, code: 'INVALID_TENANT_KEY', detail: expect.stringMatching(/public key \(pk_live_…\).*secret key/) });
  });

  it('names the secret key when an agent route gets the public key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/v1/agent/config', headers: { authorization: `Bearer ${tenant.publicKey}` } });
    expect(problemOf(res)).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: expect.stringMatching(/secret key \(Authorization: Bearer sk_live_…\).*public key/),
    });
  });

  it('names the admin token when an admin route gets a tenant key', async () => {
    for (const key of [tenant.publicKey, tenant.secretKey]) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: `Bearer ${key}` } });
      expect(problemOf(res)).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        detail: expect.stringMatching(/admin token.*POST \/v1\/admin\/login.*not a tenant key/),
      });
    }
  });

  it.each([
    ['no content type', {}],
    ['text/plain', { 'content-type': 'text/plain' }],
    ['form encoding', { 'content-type': 'application/x-www-form-urlencoded' }],
  ])('answers a JSON body sent with %s with 415 naming application/json', async (_, headers) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/login',
      headers,
      payload: '{"email":"owner@wantkeys.test","password":"Owner-Pass-2026"}',
    });
    expect(problemOf(res)).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.stringContaining('Content-Type: application/json') });
  });
});
