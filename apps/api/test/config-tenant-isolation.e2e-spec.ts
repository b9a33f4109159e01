import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from './support/harness';

type Json = Record<string, any>;
type Method = 'GET' | 'POST' | 'PATCH';
/** method, route as a title, the URL (ids are known only once beforeAll ran), body */
type Route = [Method, string, () => string, unknown];

/**
 * Every config-versioning route, called by tenant B (its admin JWT, its secret key) against tenant A's
 * versions and proposals: nothing of A is visible or changes; an id of A is 404, never 403.
 */
describe("another tenant's config versions and proposals", () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let adminA: Record<string, string>;
  let adminB: Record<string, string>;
  let agentB: Record<string, string>;
  const ids: Record<'draft' | 'published' | 'archived' | 'proposal' | 'draftB', string> = {} as never;

  const call = async (method: Method, url: string, headers: Record<string, string>, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Json }) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };
  const snapshotOfA = async () => ({
    versions: (await call('GET', '/v1/admin/config/versions?limit=100', adminA)).body,
    changes: (await call('GET', '/v1/admin/config/changes?limit=100', adminA)).body,
    proposals: (await call('GET', '/v1/admin/proposals?limit=100', adminA)).body,
    config: (await call('GET', '/v1/config', { 'x-tenant-key': a.publicKey })).body,
  });

  beforeAll(async () => {
    t = await createTestApp();
    a = await seedTenant(t, 'iso-a');
    b = await seedTenant(t, 'iso-b');
    await seedUser(t, 'owner@iso-a.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, a.id);
    await seedUser(t, 'owner@iso-b.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, b.id);
    adminA = { authorization: `Bearer ${await loginToken(t, 'owner@iso-a.test', 'Owner-Pass-2026')}` };
    adminB = { authorization: `Bearer ${await loginToken(t, 'owner@iso-b.test', 'Owner-Pass-2026')}` };
    agentB = { authorization: `Bearer ${b.secretKey}` };

    const v1 = (await call('POST', '/v1/admin/config/versions', adminA, { config: { schemaVersion: 1, branding: { primaryColor: '#a1a1a1' } } })).body;
    await call('POST', `/v1/admin/config/versions/${v1.id}/publish`, adminA);
    const v2 = (await call('POST', '/v1/admin/config/versions', adminA, {})).body;
    await call('POST', `/v1/admin/config/versions/${v2.id}/publish`, adminA);
    ids.archived = v1.id;
    ids.published = v2.id;
    ids.draft = (await call('POST', '/v1/admin/config/versions', adminA, {})).body.id;
    const proposal = await call(
      'POST',
      '/v1/agent/proposals',
      { authorization: `Bearer ${a.secretKey}` },
      {
        summary: 'Darker primary color',
        patch: [{ op: 'replace', path: '/branding/primaryColor', value: '#000000' }],
        agent: { name: 'tenant-a-agent' },
      },
    );
    expect(proposal.status).toBe(201);
    ids.proposal = proposal.body.id;
    ids.draftB = (await call('POST', '/v1/admin/config/versions', adminB, {})).body.id;
  });
  afterAll(() => t?.close());

  const validConfig = { schemaVersion: 1, branding: { primaryColor: '#bbbbbb' } };

  describe("with tenant B's admin JWT", () => {
    let before: Json;
    beforeAll(async () => {
      before = await snapshotOfA();
    });

    it.each<Route>([
      ['GET', "/v1/admin/config/versions/{A's draft}", () => `/v1/admin/config/versions/${ids.draft}`, undefined],
      ['PATCH', "/v1/admin/config/versions/{A's draft}", () => `/v1/admin/config/versions/${ids.draft}`, { config: validConfig }],
      [
        'PATCH',
        "/v1/admin/config/versions/{A's draft} (with expectedVersion)",
        () => `/v1/admin/config/versions/${ids.draft}`,
        { config: validConfig, expectedVersion: 1 },
      ],
      ['POST', "/v1/admin/config/versions/{A's draft}/publish", () => `/v1/admin/config/versions/${ids.draft}/publish`, undefined],
      ['POST', "/v1/admin/config/versions/{A's archived}/rollback", () => `/v1/admin/config/versions/${ids.archived}/rollback`, undefined],
      ['POST', "/v1/admin/config/versions/{A's published}/rollback", () => `/v1/admin/config/versions/${ids.published}/rollback`, undefined],
      ['GET', "/v1/admin/config/versions/{A's draft}/diff", () => `/v1/admin/config/versions/${ids.draft}/diff`, undefined],
      [
        'GET',
        "/v1/admin/config/versions/{B's draft}/diff?against={A's published}",
        () => `/v1/admin/config/versions/${ids.draftB}/diff?against=${ids.published}`,
        undefined,
      ],
      ['GET', "/v1/admin/proposals/{A's proposal}", () => `/v1/admin/proposals/${ids.proposal}`, undefined],
      ['POST', "/v1/admin/proposals/{A's proposal}/approve", () => `/v1/admin/proposals/${ids.proposal}/approve`, { publish: true }],
      ['POST', "/v1/admin/proposals/{A's proposal}/reject", () => `/v1/admin/proposals/${ids.proposal}/reject`, { reason: 'not yours' }],
    ])('answers %s %s with 404 NOT_FOUND', async (method, _route, url, payload) => {
      const res = await call(method, url(), adminB, payload);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it("lists none of A's versions, changes or proposals", async () => {
      const versions = (await call('GET', '/v1/admin/config/versions?limit=100', adminB)).body.items.map((v: Json) => v.id);
      expect(versions).toEqual([ids.draftB]);
      const changes = (await call('GET', '/v1/admin/config/changes?limit=100', adminB)).body.items;
      expect(changes.map((c: Json) => c.versionId)).toEqual([ids.draftB]);
      expect((await call('GET', '/v1/admin/proposals', adminB)).body).toEqual({ items: [], nextCursor: null });
    });

    it("creates drafts in B only, numbered in B's own sequence", async () => {
      const created = await call('POST', '/v1/admin/config/versions', adminB, { config: validConfig });
      expect(created.status).toBe(201);
      expect(created.body.version).toBe(2);
    });

    it('is refused (403) when it asks for tenant A with X-Tenant-Id', async () => {
      const res = await call('GET', '/v1/admin/config/versions', { ...adminB, 'x-tenant-id': a.id });
      expect(res.status).toBe(403);
    });

    it("leaves A's versions, audit log, proposals and public config as they were", async () => {
      expect(await snapshotOfA()).toEqual(before);
    });
  });

  describe("with tenant B's secret key", () => {
    let before: Json;
    beforeAll(async () => {
      before = await snapshotOfA();
    });

    it.each<Route>([
      ['GET', '/v1/admin/config/versions', () => '/v1/admin/config/versions', undefined],
      ['POST', '/v1/admin/config/versions', () => '/v1/admin/config/versions', {}],
      ['GET', "/v1/admin/config/versions/{A's draft}", () => `/v1/admin/config/versions/${ids.draft}`, undefined],
      ['PATCH', "/v1/admin/config/versions/{A's draft}", () => `/v1/admin/config/versions/${ids.draft}`, { config: validConfig }],
      ['POST', "/v1/admin/config/versions/{A's draft}/publish", () => `/v1/admin/config/versions/${ids.draft}/publish`, undefined],
      ['POST', "/v1/admin/config/versions/{A's archived}/rollback", () => `/v1/admin/config/versions/${ids.archived}/rollback`, undefined],
      ['GET', "/v1/admin/config/versions/{A's draft}/diff", () => `/v1/admin/config/versions/${ids.draft}/diff`, undefined],
      ['GET', '/v1/admin/config/changes', () => '/v1/admin/config/changes', undefined],
      ['GET', '/v1/admin/proposals', () => '/v1/admin/proposals', undefined],
      ['GET', "/v1/admin/proposals/{A's proposal}", () => `/v1/admin/proposals/${ids.proposal}`, undefined],
      ['POST', "/v1/admin/proposals/{A's proposal}/approve", () => `/v1/admin/proposals/${ids.proposal}/approve`, { publish: true }],
      ['POST', "/v1/admin/proposals/{A's proposal}/reject", () => `/v1/admin/proposals/${ids.proposal}/reject`, { reason: 'no' }],
    ])('cannot call the admin route %s %s (401)', async (method, _route, url, payload) => {
      const res = await call(method, url(), agentB, payload);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    });

    it("answers GET /v1/agent/proposals/{id} for A's proposal with 404", async () => {
      const res = await call('GET', `/v1/agent/proposals/${ids.proposal}`, agentB);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it("reads B's config and proposals, never A's", async () => {
      const config = (await call('GET', '/v1/agent/config', agentB)).body;
      expect(config).toMatchObject({ versionId: null, version: null, config: { branding: { primaryColor: '#7b2cbf' } } });
      expect((await call('GET', '/v1/agent/proposals', agentB)).body).toEqual({ items: [], nextCursor: null });
    });

    it("proposes against B's published config, leaving A's proposals alone", async () => {
      const res = await call('POST', '/v1/agent/proposals', agentB, {
        summary: 'B proposal',
        patch: [
          { op: 'test', path: '/branding/primaryColor', value: '#7b2cbf' },
          { op: 'replace', path: '/branding/primaryColor', value: '#0000ff' },
        ],
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'PENDING', baseVersionId: null, diffAgainst: null });
      expect((await call('GET', '/v1/agent/proposals', agentB)).body.items.map((p: Json) => p.id)).toEqual([res.body.id]);
    });

    it("cannot preview A's draft through GET /v1/config: 401 with A's widget key, 404 with B's", async () => {
      const withKeyOfA = await call('GET', `/v1/config?versionId=${ids.draft}`, { 'x-tenant-key': a.publicKey, ...agentB });
      expect(withKeyOfA.status).toBe(401);
      const withKeyOfB = await call('GET', `/v1/config?versionId=${ids.draft}`, { 'x-tenant-key': b.publicKey, ...agentB });
      expect(withKeyOfB.status).toBe(404);
      const withAdminOfB = await call('GET', `/v1/config?versionId=${ids.draft}`, { 'x-tenant-key': b.publicKey, ...adminB });
      expect(withAdminOfB.status).toBe(404);
    });

    it("leaves A's versions, audit log, proposals and public config as they were", async () => {
      expect(await snapshotOfA()).toEqual(before);
    });
  });

  it("serves each tenant's own published config on GET /v1/config", async () => {
    expect((await call('GET', '/v1/config', { 'x-tenant-key': a.publicKey })).body).toMatchObject({ versionId: ids.published });
    expect((await call('GET', '/v1/config', { 'x-tenant-key': b.publicKey })).body).toMatchObject({ versionId: null });
  });
});
