import { Client } from 'pg';
import { UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from './support/harness';

type Json = Record<string, any>;

describe('versioned configuration', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let admin: Record<string, string>;
  let adminUserId: string;
  let db: Client;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await seedTenant(t, 'verso');
    await seedUser(t, 'owner@verso.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    const token = await loginToken(t, 'owner@verso.test', 'Owner-Pass-2026');
    admin = { authorization: `Bearer ${token}` };
    adminUserId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
    db = new Client({ connectionString: t.settings.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = admin) => {
    const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Json }) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, headers: res.headers };
  };
  const counts = async () => {
    const { rows } = await db.query(
      `select (select count(*) from config_versions where tenant_id = $1)::int as versions,
              (select count(*) from config_change_logs where tenant_id = $1)::int as changes`,
      [tenant.id],
    );
    return rows[0] as { versions: number; changes: number };
  };
  const statuses = async () => (await call('GET', '/v1/admin/config/versions?limit=100')).body.items.map((v: Json) => [v.version, v.status]);
  const publicConfig = async (query = '') => call('GET', `/v1/config${query}`, undefined, { 'x-tenant-key': tenant.publicKey });
  const changesSince = async (count: number) => {
    const all = (await call('GET', '/v1/admin/config/changes?limit=100')).body.items as Json[];
    return all.slice(0, all.length - count).reverse();
  };

  it('serves the default config, with no version, before anything is published', async () => {
    const res = await publicConfig();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ versionId: null, version: null, publishedAt: null });
    expect(res.body.config).toMatchObject({ schemaVersion: 1, branding: { primaryColor: '#7b2cbf' }, packages: {}, displayRules: [] });
  });

  it('records draft → publish → rollback in the history and in the audit log, with before, after and actor', async () => {
    const before = await counts();
    const actor = { actorType: 'USER', actorId: adminUserId };

    const v1 = await call('POST', '/v1/admin/config/versions', { config: { schemaVersion: 1, branding: { primaryColor: '#111111' } } });
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({ version: 1, status: 'DRAFT', revision: 1, createdBy: { type: 'USER', id: adminUserId }, publishedAt: null });
    expect(v1.body.config.branding).toEqual({ primaryColor: '#111111', secondaryColor: '#ffffff', fontFamily: 'Inter', logoUrl: null, colorScheme: 'light' });
    expect((await call('POST', `/v1/admin/config/versions/${v1.body.id}/publish`)).body).toMatchObject({ status: 'PUBLISHED' });

    const v2 = await call('POST', '/v1/admin/config/versions', {});
    expect(v2.body).toMatchObject({ version: 2, status: 'DRAFT' });
    expect(v2.body.config.branding.primaryColor).toBe('#111111'); // a copy of the published one
    const edited = await call('PATCH', `/v1/admin/config/versions/${v2.body.id}`, {
      config: { ...v2.body.config, branding: { ...v2.body.config.branding, primaryColor: '#222222' } },
      expectedVersion: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ revision: 2, status: 'DRAFT' });
    const published = await call('POST', `/v1/admin/config/versions/${v2.body.id}/publish`);
    expect(published.body).toMatchObject({ version: 2, status: 'PUBLISHED' });
    expect(published.body.publishedAt).toEqual(expect.any(String));
    expect((await publicConfig()).body).toMatchObject({ versionId: v2.body.id, version: 2, config: { branding: { primaryColor: '#222222' } } });

    const rolledBack = await call('POST', `/v1/admin/config/versions/${v1.body.id}/rollback`);
    expect(rolledBack.status).toBe(201);
    expect(rolledBack.body).toMatchObject({ version: 3, status: 'PUBLISHED', config: { branding: { primaryColor: '#111111' } } });
    expect(await statuses()).toEqual([
      [3, 'PUBLISHED'],
      [2, 'ARCHIVED'],
      [1, 'ARCHIVED'],
    ]);
    expect((await publicConfig()).body).toMatchObject({ version: 3, config: { branding: { primaryColor: '#111111' } } });

    const log = await changesSince(before.changes);
    expect(log.map((c) => [c.action, c.versionId])).toEqual([
      ['CREATE_DRAFT', v1.body.id],
      ['PUBLISH', v1.body.id],
      ['CREATE_DRAFT', v2.body.id],
      ['UPDATE_DRAFT', v2.body.id],
      ['PUBLISH', v2.body.id],
      ['ROLLBACK', rolledBack.body.id],
    ]);
    for (const change of log) expect(change).toMatchObject(actor);
    const [created1, publish1, , update2, publish2, rollback] = log;
    expect(created1.before).toBeNull();
    expect(created1.after).toMatchObject({ version: 1, status: 'DRAFT', config: { branding: { primaryColor: '#111111' } } });
    expect(publish1.before).toBeNull(); // nothing was published before
    expect(publish1.after).toMatchObject({ versionId: v1.body.id, status: 'PUBLISHED' });
    expect(update2.before).toMatchObject({ revision: 1, config: { branding: { primaryColor: '#111111' } } });
    expect(update2.after).toMatchObject({ revision: 2, config: { branding: { primaryColor: '#222222' } } });
    expect(publish2.before).toMatchObject({ versionId: v1.body.id, version: 1, config: { branding: { primaryColor: '#111111' } } });
    expect(publish2.after).toMatchObject({ versionId: v2.body.id, version: 2, config: { branding: { primaryColor: '#222222' } } });
    expect(rollback.before).toMatchObject({ versionId: v2.body.id, config: { branding: { primaryColor: '#222222' } } });
    expect(rollback.after).toMatchObject({
      versionId: rolledBack.body.id,
      version: 3,
      status: 'PUBLISHED',
      restoredFrom: { versionId: v1.body.id, version: 1 },
      config: { branding: { primaryColor: '#111111' } },
    });
  });

  it('completes a partial draft, one that names no schemaVersion included, with the defaults', async () => {
    const partial = await call('POST', '/v1/admin/config/versions', {
      config: { branding: { primaryColor: '#123456' }, widget: { features: { addOns: false } } },
    });
    expect(partial.status).toBe(201);
    expect(partial.body.config).toEqual({
      schemaVersion: 1,
      branding: { primaryColor: '#123456', secondaryColor: '#ffffff', fontFamily: 'Inter', logoUrl: null, colorScheme: 'light' },
      packages: {},
      displayRules: [],
      display: { groupByTier: false, tierOrder: [] },
      widget: { sections: ['packages', 'calendar', 'checkout'], features: { addOns: false, showPrices: true, customerNotes: true }, embedOrigins: [] },
    });
    const edited = await call('PATCH', `/v1/admin/config/versions/${partial.body.id}`, { config: { display: { groupByTier: true } } });
    expect(edited.status).toBe(200);
    expect(edited.body.config).toMatchObject({ schemaVersion: 1, branding: { primaryColor: '#7b2cbf' }, display: { groupByTier: true, tierOrder: [] } });
  });

  it('leaves exactly one published version when two drafts are published at the same time', async () => {
    const drafts = await Promise.all([1, 2, 3].map(() => call('POST', '/v1/admin/config/versions', {})));
    const versionNumbers = drafts.map((d) => d.body.version);
    expect(new Set(versionNumbers).size).toBe(3); // numbers allocated without collisions, concurrently too

    const [a, b] = drafts;
    const results = await Promise.all([a, b].map((d) => call('POST', `/v1/admin/config/versions/${d.body.id}/publish`)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const { rows } = await db.query(`select id from config_versions where tenant_id = $1 and status = 'PUBLISHED'`, [tenant.id]);
    expect(rows).toHaveLength(1);
    expect([a.body.id, b.body.id]).toContain(rows[0].id);
    expect((await publicConfig()).body.versionId).toBe(rows[0].id);
  });

  it('refuses an edit with a stale expectedVersion with 409 CONFLICT, keeping the draft as it was', async () => {
    const draft = (await call('POST', '/v1/admin/config/versions', {})).body;
    const first = await call('PATCH', `/v1/admin/config/versions/${draft.id}`, {
      config: { schemaVersion: 1, branding: { fontFamily: 'Georgia' } },
      expectedVersion: 1,
    });
    expect(first.body.revision).toBe(2);
    const before = await counts();
    const stale = await call('PATCH', `/v1/admin/config/versions/${draft.id}`, {
      config: { schemaVersion: 1, branding: { fontFamily: 'Arial' } },
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'CONFLICT' });
    expect(stale.body.detail).toMatch(/changed since you read it/);
    const now = (await call('GET', `/v1/admin/config/versions/${draft.id}`)).body;
    expect(now).toMatchObject({ revision: 2, config: { branding: { fontFamily: 'Georgia' } } });
    expect(await counts()).toEqual(before);
  });

  it('refuses to edit or publish a version that is published or archived, with 409', async () => {
    const published = (await publicConfig()).body.versionId;
    const archived = (await call('GET', '/v1/admin/config/versions?limit=100')).body.items.find((v: Json) => v.status === 'ARCHIVED').id;
    for (const id of [published, archived]) {
      expect((await call('PATCH', `/v1/admin/config/versions/${id}`, { config: { schemaVersion: 1 } })).status).toBe(409);
      expect((await call('POST', `/v1/admin/config/versions/${id}/publish`)).status).toBe(409);
    }
    const draft = (await call('POST', '/v1/admin/config/versions', {})).body;
    expect((await call('POST', `/v1/admin/config/versions/${draft.id}/rollback`)).status).toBe(409);
  });

  it('rejects an invalid document with 400 and errors[], and changes neither the versions nor the audit log', async () => {
    const draft = (await call('POST', '/v1/admin/config/versions', {})).body;
    const before = await counts();
    const invalid = {
      schemaVersion: 1,
      branding: { primaryColor: 'purple', colour: 'x' },
      displayRules: [{ id: 'x', from: '2027-05-01', to: '2027-04-01', packageIds: [], action: 'glow' }],
    };

    const created = await call('POST', '/v1/admin/config/versions', { config: invalid });
    expect(created.status).toBe(400);
    expect(created.headers['content-type']).toContain('application/problem+json');
    expect(created.body.code).toBe('VALIDATION_FAILED');
    expect(created.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'config.branding.primaryColor', message: 'must be a color #rrggbb' },
        expect.objectContaining({ field: 'config.branding.colour' }),
        expect.objectContaining({ field: 'config.displayRules.0.action' }),
      ]),
    );

    const updated = await call('PATCH', `/v1/admin/config/versions/${draft.id}`, { config: invalid, expectedVersion: 1 });
    expect(updated.status).toBe(400);
    expect(updated.body.errors.length).toBeGreaterThan(0);
    expect((await call('POST', '/v1/admin/config/versions', { config: 'not an object' })).status).toBe(400);
    expect((await call('POST', '/v1/admin/config/versions', { config: { schemaVersion: 1 }, extra: true })).status).toBe(400);

    expect(await counts()).toEqual(before);
    expect((await call('GET', `/v1/admin/config/versions/${draft.id}`)).body).toMatchObject({ revision: 1, config: draft.config });
  });

  it('diffs a version against the published config and against another version as RFC 6902 operations', async () => {
    const published = (await publicConfig()).body;
    const draft = (
      await call('POST', '/v1/admin/config/versions', { config: { ...published.config, branding: { ...published.config.branding, primaryColor: '#abcdef' } } })
    ).body;

    const againstPublished = await call('GET', `/v1/admin/config/versions/${draft.id}/diff`);
    expect(againstPublished.status).toBe(200);
    expect(againstPublished.body).toEqual({
      from: { versionId: published.versionId, version: published.version },
      to: { versionId: draft.id, version: draft.version },
      operations: [{ op: 'replace', path: '/branding/primaryColor', value: '#abcdef' }],
    });
    const reverse = await call('GET', `/v1/admin/config/versions/${published.versionId}/diff?against=${draft.id}`);
    expect(reverse.body.operations).toEqual([{ op: 'replace', path: '/branding/primaryColor', value: published.config.branding.primaryColor }]);
    expect((await call('GET', `/v1/admin/config/versions/${draft.id}/diff?against=${draft.id}`)).body.operations).toEqual([]);
    expect((await call('GET', `/v1/admin/config/versions/${draft.id}/diff?against=yesterday`)).status).toBe(400);
    expect((await call('GET', `/v1/admin/config/versions/${draft.id}/diff?against=00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });

  it('pages through versions and the audit log with limit and cursor, and refuses a forged cursor', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = (await call('GET', `/v1/admin/config/versions?limit=2${cursor ? `&cursor=${cursor}` : ''}`)).body;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((v: Json) => v.version));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(seen).toEqual(Array.from({ length: seen.length }, (_, i) => seen.length - i));

    const changeIds: string[] = [];
    cursor = null;
    do {
      const page: Json = (await call('GET', `/v1/admin/config/changes?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).body;
      changeIds.push(...page.items.map((c: Json) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(changeIds).size).toBe((await counts()).changes);

    expect((await call('GET', '/v1/admin/config/versions?limit=0')).status).toBe(400);
    expect((await call('GET', '/v1/admin/config/versions?limit=101')).status).toBe(400);
    const wellFormedButForged = Buffer.from(JSON.stringify([new Date().toISOString(), "x' or 1=1"])).toString('base64url');
    for (const cursor of ['bm9wZQ', wellFormedButForged]) {
      const forged = await call('GET', `/v1/admin/config/changes?cursor=${cursor}`);
      expect(forged.status).toBe(400);
      expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
    }
  });

  it('keeps the audit log append-only: raw SQL UPDATE, DELETE and TRUNCATE fail on the trigger', async () => {
    const before = await counts();
    await expect(db.query(`update config_change_logs set action = 'FORGED' where tenant_id = $1`, [tenant.id])).rejects.toThrow(
      /config_change_logs is append-only: UPDATE rejected/,
    );
    await expect(db.query(`delete from config_change_logs where tenant_id = $1`, [tenant.id])).rejects.toThrow(
      /config_change_logs is append-only: DELETE rejected/,
    );
    await expect(db.query(`truncate config_change_logs`)).rejects.toThrow(/config_change_logs is append-only: TRUNCATE rejected/);
    expect(await counts()).toEqual(before);
    const { rows } = await db.query(`select count(*)::int as n from config_change_logs where action = 'FORGED'`);
    expect(rows[0].n).toBe(0);
  });

  describe('previewing a version through GET /v1/config?versionId=', () => {
    let draftId: string;
    beforeAll(async () => {
      draftId = (await call('POST', '/v1/admin/config/versions', { config: { schemaVersion: 1, branding: { primaryColor: '#0a0b0c' } } })).body.id;
    });
    const preview = (headers: Record<string, string>) =>
      call('GET', `/v1/config?versionId=${draftId}`, undefined, { 'x-tenant-key': tenant.publicKey, ...headers });

    it("shows the draft to a caller holding the tenant's admin JWT or secret key", async () => {
      for (const headers of [admin, { authorization: `Bearer ${tenant.secretKey}` }]) {
        const res = await preview(headers);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ versionId: draftId, status: 'DRAFT', publishedAt: null, config: { branding: { primaryColor: '#0a0b0c' } } });
      }
    });

    it('shows the draft to a platform admin', async () => {
      await seedUser(t, 'ops@verso.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
      const res = await preview({ authorization: `Bearer ${await loginToken(t, 'ops@verso.test', 'Ops-Pass-2026!')}` });
      expect(res.status).toBe(200);
    });

    it('is 401 with the widget key alone, a bad token, or a credential of another tenant', async () => {
      const other = await seedTenant(t, 'verso-other');
      await seedUser(t, 'owner@verso-other.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, other.id);
      const otherAdmin = `Bearer ${await loginToken(t, 'owner@verso-other.test', 'Owner-Pass-2026')}`;
      for (const headers of <Record<string, string>[]>[
        {},
        { authorization: 'Bearer not.a.jwt' },
        { authorization: `Bearer ${other.secretKey}` },
        { authorization: otherAdmin },
      ]) {
        const res = await preview(headers);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('UNAUTHENTICATED');
      }
    });

    it('is 404 for a version that does not exist, and 400 for an id that is not a UUID', async () => {
      const missing = await call('GET', '/v1/config?versionId=00000000-0000-4000-8000-000000000000', undefined, { 'x-tenant-key': tenant.publicKey, ...admin });
      expect(missing.status).toBe(404);
      const malformed = await call('GET', '/v1/config?versionId=42', undefined, { 'x-tenant-key': tenant.publicKey, ...admin });
      expect(malformed.status).toBe(400);
    });
  });
});
