import { UserRole } from '@mais/domain';
import { describeWithRedis } from '@mais/testing';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from './support/harness';

const PROBLEM = 'application/problem+json';

describe('errors are problem+json with stable codes', () => {
  let t: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    const tenant = await seedTenant(t, 'errors');
    await seedUser(t, 'owner@errors.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    admin = { authorization: `Bearer ${await loginToken(t, 'owner@errors.test', 'Owner-Pass-2026')}` };
  });
  afterAll(() => t?.close());

  const expectProblem = (res: { statusCode: number; headers: Record<string, unknown>; json: () => any }, status: number, code: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain(PROBLEM);
    const body = res.json();
    expect(body).toMatchObject({ type: 'about:blank', status, code });
    expect(body.requestId).toBe(res.headers['x-request-id']);
    expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+|select |insert into/i);
    return body;
  };

  it('rejects a body that is not JSON with MALFORMED_JSON', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"slug": ',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
  });

  it('rejects a body over 100 kB with PAYLOAD_TOO_LARGE', async () => {
    const payload = JSON.stringify({ slug: 'big', name: 'Big', basePriceCents: 1, description: 'x'.repeat(110 * 1024) });
    const res = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: { ...admin, 'content-type': 'application/json' }, payload });
    expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('rejects a non-JSON body with UNSUPPORTED_MEDIA_TYPE', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/admin/packages', headers: { ...admin, 'content-type': 'application/xml' }, payload: '<a/>' });
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('lists every invalid field, and rejects unknown ones', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/packages',
      headers: admin,
      payload: { slug: 'Bad Slug', name: '', basePriceCents: 12.5, colour: 'red' },
    });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['slug', 'name', 'basePriceCents', 'colour']));
  });

  it('answers an unknown route with NOT_FOUND', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404, 'NOT_FOUND');
  });

  it('answers a malformed id with VALIDATION_FAILED, never a database error', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/admin/packages/not-a-uuid', headers: admin }), 400, 'VALIDATION_FAILED');
  });

  it('keeps a sane X-Request-Id from the caller and replaces an insane one', async () => {
    const kept = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    expect(kept.headers['x-request-id']).toBe('abc-123');
    const replaced = await t.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'bad id\u0001<script>' } });
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('distinguishes a missing, malformed, unknown and inactive tenant key', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/packages' }), 401, 'TENANT_KEY_REQUIRED');
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': 'nope' } }), 401, 'INVALID_TENANT_KEY');
    expectProblem(
      await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': `pk_live_errors_${'a'.repeat(32)}` } }),
      401,
      'INVALID_TENANT_KEY',
    );
  });

  it('answers a missing or bad admin token with UNAUTHENTICATED', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/admin/packages' }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/admin/packages', headers: { authorization: 'Bearer x.y.z' } }), 401, 'UNAUTHENTICATED');
  });

  it('forbids tenant admins from platform routes', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/v1/admin/tenants', headers: admin }), 403, 'FORBIDDEN');
  });
});

describeWithRedis('errors with Redis configured (queue dashboard plugin registered)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ redis: true });
  });
  afterAll(() => t?.close());

  it('still answers body errors as problem+json, not with Fastify defaults', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/v1/admin/login', headers: { 'content-type': 'application/json' }, payload: '{"a":' });
    expect([malformed.statusCode, malformed.headers['content-type'], malformed.json().code]).toEqual([400, expect.stringContaining(PROBLEM), 'MALFORMED_JSON']);
    const media = await t.app.inject({ method: 'POST', url: '/v1/admin/login', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect([media.statusCode, media.json().code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
