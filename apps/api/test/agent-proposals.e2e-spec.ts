import { addDays, todayIn, UserRole } from '@mais/domain';
import { type AgentClient, type ApiClient, createAgentClient, createApiClient, MaisApiError } from '../../../clients/agent';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from './support/harness';

type Json = Record<string, any>;

/** The error a call failed with (the test fails if it succeeded). */
async function failure(promise: Promise<unknown>): Promise<MaisApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MaisApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('agent proposals, reviewed by an admin, through the generated client against a listening app', () => {
  let t: TestApp;
  let tenant: SeededTenant;
  let agent: AgentClient;
  let admin: ApiClient;
  let widget: ApiClient;
  let adminUserId: string;
  const pkg: Record<'classic' | 'deluxe' | 'royal' | 'elopement', string> = {} as never;
  let v1: Json;

  const slugs = (list: { slug: string }[]) => list.map((p) => p.slug);
  const publishedVersion = async () => (await widget.GET('/v1/config')).version;
  const versionCount = async () => (await admin.GET('/v1/admin/config/versions', { query: { limit: 100 } })).items.length;
  const latestChanges = async (n: number) => (await admin.GET('/v1/admin/config/changes', { query: { limit: n } })).items.reverse();

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = await t.app.getUrl();
    tenant = await seedTenant(t, 'agentic');
    await seedUser(t, 'owner@agentic.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    const token = await loginToken(t, 'owner@agentic.test', 'Owner-Pass-2026');
    adminUserId = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
    agent = createAgentClient({ baseUrl, secretKey: tenant.secretKey });
    admin = createApiClient({ baseUrl, headers: { authorization: `Bearer ${token}` } });
    widget = createApiClient({ baseUrl, headers: { 'x-tenant-key': tenant.publicKey } });

    const packages = [
      { slug: 'classic', name: 'Classic', basePriceCents: 100_000, tier: 'silver', description: 'Ceremony and reception' },
      { slug: 'deluxe', name: 'Deluxe', basePriceCents: 200_000, tier: 'gold', description: 'Everything in Classic, and more' },
      { slug: 'royal', name: 'Royal', basePriceCents: 300_000, tier: 'gold', description: 'The whole day' },
      { slug: 'elopement', name: 'Elopement', basePriceCents: 50_000, description: 'Just the two of you' },
    ] as const;
    for (const body of packages) pkg[body.slug] = (await admin.POST('/v1/admin/packages', { body })).id;

    const settings = (order: number) => ({ visible: true, order, featured: false, customDescription: null });
    const draft = await admin.POST('/v1/admin/config/versions', {
      body: {
        config: {
          schemaVersion: 1,
          packages: { [pkg.classic]: settings(0), [pkg.deluxe]: settings(1), [pkg.royal]: settings(2), [pkg.elopement]: settings(3) },
        } as never,
      },
    });
    v1 = await admin.POST('/v1/admin/config/versions/{id}/publish', { path: { id: draft.id } });
  });
  afterAll(() => t?.close());

  it('takes a proposal from propose to approval with publish, then back with a rollback', async () => {
    const before = await widget.GET('/v1/packages');
    expect(slugs(before)).toEqual(['classic', 'deluxe', 'royal', 'elopement']);
    expect(before.every((p) => !p.featured)).toBe(true);

    // The agent reads the published config and proposes a change against it.
    const published = await agent.getConfig();
    expect(published).toMatchObject({ versionId: v1.id, version: 1 });
    const today = todayIn('UTC');
    const rule = { id: 'spring-promo', from: addDays(today, -1), to: addDays(today, 30), packageIds: [pkg.deluxe], action: 'feature' as const };
    const proposal = await agent.propose({
      summary: 'Spring promotion: feature Deluxe, lead with Royal, retire Elopement from the list',
      rationale: 'Deluxe sells best in spring; Elopement enquiries are handled by phone.',
      patch: [
        { op: 'replace', path: `/packages/${pkg.elopement}/visible`, value: false },
        { op: 'replace', path: `/packages/${pkg.royal}/order`, value: 0 },
        { op: 'replace', path: `/packages/${pkg.classic}/order`, value: 5 },
        { op: 'replace', path: `/packages/${pkg.deluxe}/customDescription`, value: 'Our most loved day, with a string quartet.' },
        { op: 'add', path: '/displayRules/-', value: rule },
      ],
      agent: { name: 'merchandiser', model: 'test-model-1' },
    });
    expect(proposal).toMatchObject({
      status: 'PENDING',
      baseVersionId: v1.id,
      applicable: true,
      baseChanged: false,
      agent: { name: 'merchandiser', model: 'test-model-1' },
    });
    expect(await publishedVersion()).toBe(1); // proposing publishes nothing

    // The admin sees it among the pending proposals, with its diff against the published config.
    const pending = await admin.GET('/v1/admin/proposals', { query: { status: 'PENDING' } });
    const seen = pending.items.find((p) => p.id === proposal.id)!;
    expect(seen).toMatchObject({ diffAgainst: { versionId: v1.id, version: 1 }, applicable: true, conflict: null });
    expect(seen.diff).toEqual(
      expect.arrayContaining([
        { op: 'replace', path: `/packages/${pkg.elopement}/visible`, value: false },
        { op: 'replace', path: `/packages/${pkg.royal}/order`, value: 0 },
        { op: 'replace', path: `/packages/${pkg.deluxe}/customDescription`, value: 'Our most loved day, with a string quartet.' },
        { op: 'add', path: '/displayRules/0', value: rule },
      ]),
    );

    const approval = await admin.POST('/v1/admin/proposals/{id}/approve', { path: { id: proposal.id }, body: { publish: true } });
    expect(approval.proposal).toMatchObject({ status: 'APPROVED', reviewedById: adminUserId, resultVersionId: approval.version.id });
    expect(approval.version).toMatchObject({ version: 2, status: 'PUBLISHED', createdBy: { type: 'USER', id: adminUserId } });

    // The widget sees the new version and the catalog shaped by it.
    expect(await widget.GET('/v1/config')).toMatchObject({ versionId: approval.version.id, version: 2, config: { displayRules: [rule] } });
    const after = await widget.GET('/v1/packages');
    expect(slugs(after)).toEqual(['royal', 'deluxe', 'classic']); // elopement hidden, royal first
    expect(after.map((p) => [p.slug, p.featured])).toEqual([
      ['royal', false],
      ['deluxe', true],
      ['classic', false],
    ]);
    expect(after[1].description).toBe('Our most loved day, with a string quartet.');
    expect(slugs(await widget.GET('/v1/packages', { query: { sort: 'price_asc' } }))).toEqual(['classic', 'deluxe', 'royal']);
    // Hidden means not listed, not unsellable: a direct link still finds it.
    expect((await widget.GET('/v1/packages/{slug}', { path: { slug: 'elopement' } })).slug).toBe('elopement');
    expect((await widget.GET('/v1/packages/{slug}', { path: { slug: 'deluxe' } })).featured).toBe(true);

    // The audit trail shows who suggested what and who let it through.
    const [propose, approve, publish] = await latestChanges(3);
    expect(propose).toMatchObject({ action: 'PROPOSE', actorType: 'AGENT', actorId: 'merchandiser', proposalId: proposal.id, versionId: v1.id });
    expect(approve).toMatchObject({
      action: 'APPROVE',
      actorType: 'USER',
      actorId: adminUserId,
      proposalId: proposal.id,
      versionId: approval.version.id,
      after: { proposalId: proposal.id, agentName: 'merchandiser', agentModel: 'test-model-1', publish: true, status: 'DRAFT' },
    });
    expect(approve.before).toMatchObject({ versionId: v1.id, version: 1 });
    expect(publish).toMatchObject({ action: 'PUBLISH', actorType: 'USER', versionId: approval.version.id, before: { versionId: v1.id } });

    // A rollback to version 1 restores the previous view.
    const restored = await admin.POST('/v1/admin/config/versions/{id}/rollback', { path: { id: v1.id } });
    expect(restored).toMatchObject({ version: 3, status: 'PUBLISHED' });
    expect(await widget.GET('/v1/packages')).toEqual(before);
    expect((await widget.GET('/v1/config')).config).toEqual(v1.config);

    // The agent sees the outcome; the proposal cannot be reviewed again.
    expect(await agent.getProposal(proposal.id)).toMatchObject({ status: 'APPROVED', resultVersionId: approval.version.id });
    const again = await failure(admin.POST('/v1/admin/proposals/{id}/approve', { path: { id: proposal.id }, body: { publish: true } }));
    expect([again.status, again.code]).toEqual([409, 'CONFLICT']);
  });

  it('approves without publishing into a draft, leaving the published config alone', async () => {
    const published = await publishedVersion();
    const proposal = await agent.propose({ summary: 'Teal', patch: [{ op: 'replace', path: '/branding/primaryColor', value: '#008080' }] });
    const { version } = await admin.POST('/v1/admin/proposals/{id}/approve', { path: { id: proposal.id }, body: {} });
    expect(version).toMatchObject({ status: 'DRAFT', config: { branding: { primaryColor: '#008080' } } });
    expect(await publishedVersion()).toBe(published);
  });

  it('re-diffs a pending proposal against a newer published version, and refuses (409) to approve one that no longer applies', async () => {
    const stillApplies = await agent.propose({ summary: 'Gold secondary', patch: [{ op: 'replace', path: '/branding/secondaryColor', value: '#ffd700' }] });
    const conflicting = await agent.propose({
      summary: 'Feature Classic',
      patch: [{ op: 'replace', path: `/packages/${pkg.classic}/featured`, value: true }],
      agent: { name: 'merchandiser' },
    });

    // An admin publishes a version without Classic's settings: the second patch's path is gone.
    const current = await widget.GET('/v1/config');
    const { [pkg.classic]: _removed, ...others } = current.config.packages;
    const draft = await admin.POST('/v1/admin/config/versions', { body: { config: { ...current.config, packages: others } } });
    const newer = await admin.POST('/v1/admin/config/versions/{id}/publish', { path: { id: draft.id } });

    const applies = await admin.GET('/v1/admin/proposals/{id}', { path: { id: stillApplies.id } });
    expect(applies).toMatchObject({ baseChanged: true, applicable: true, diffAgainst: { versionId: newer.id } });
    expect(applies.diff).toEqual([{ op: 'replace', path: '/branding/secondaryColor', value: '#ffd700' }]);

    const stale = await admin.GET('/v1/admin/proposals/{id}', { path: { id: conflicting.id } });
    expect(stale).toMatchObject({ status: 'PENDING', baseChanged: true, applicable: false, diff: null, conflict: { reason: 'PATCH_CONFLICT' } });
    expect(stale.conflict!.errors).toEqual([expect.objectContaining({ field: 'patch.0.path' })]);

    const versions = await versionCount();
    const refused = await failure(admin.POST('/v1/admin/proposals/{id}/approve', { path: { id: conflicting.id }, body: { publish: true } }));
    expect([refused.status, refused.code]).toEqual([409, 'CONFLICT']);
    expect(refused.problem!.detail).toMatch(/no longer applies to version \d+/);
    expect(refused.problem!.detail).toContain('patch.0.path');
    expect(await versionCount()).toBe(versions);
    expect(await publishedVersion()).toBe(newer.version);
    expect((await agent.getProposal(conflicting.id)).status).toBe('PENDING');

    // It can still be rejected, once, with a reason the agent can read.
    const rejected = await admin.POST('/v1/admin/proposals/{id}/reject', { path: { id: conflicting.id }, body: { reason: 'Classic is being retired' } });
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Classic is being retired', reviewedById: adminUserId });
    expect(await agent.getProposal(conflicting.id)).toMatchObject({ status: 'REJECTED', rejectionReason: 'Classic is being retired' });
    const [reject] = await latestChanges(1);
    expect(reject).toMatchObject({
      action: 'REJECT',
      actorType: 'USER',
      actorId: adminUserId,
      proposalId: conflicting.id,
      after: { proposalId: conflicting.id, agentName: 'merchandiser', status: 'REJECTED', reason: 'Classic is being retired' },
    });
    const twice = await failure(admin.POST('/v1/admin/proposals/{id}/reject', { path: { id: conflicting.id }, body: { reason: 'again' } }));
    expect([twice.status, twice.code]).toEqual([409, 'CONFLICT']);
  });

  it('refuses (400, errors[]) a patch that does not apply or yields an invalid config, and stores nothing', async () => {
    const proposals = (await agent.listProposals({ limit: 100 })).items.length;
    const changes = (await admin.GET('/v1/admin/config/changes', { query: { limit: 100 } })).items.length;

    const missing = await failure(agent.propose({ summary: 'Drop a rule', patch: [{ op: 'remove', path: '/displayRules/7' }] }));
    expect([missing.status, missing.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(missing.problem!.errors).toEqual([expect.objectContaining({ field: 'patch.0.path' })]);

    const invalid = await failure(agent.propose({ summary: 'Red', patch: [{ op: 'replace', path: '/branding/primaryColor', value: 'red' }] }));
    expect(invalid.status).toBe(400);
    expect(invalid.problem!.errors).toEqual([{ field: 'branding.primaryColor', message: 'must be a color #rrggbb' }]);

    const malformed = await failure(agent.propose({ summary: 'Odd', patch: [{ op: 'shout' as never, path: 'branding' }] }));
    expect(malformed.status).toBe(400);
    expect(malformed.problem!.errors!.map((e) => e.field)).toEqual(expect.arrayContaining(['patch.0.op', 'patch.0.path']));

    const empty = await failure(agent.propose({ summary: 'Nothing', patch: [] }));
    expect(empty.status).toBe(400);
    const unknownField = await failure(
      agent.api.POST('/v1/agent/proposals', { body: { summary: 'x', patch: [{ op: 'test', path: '', value: 1 }], publish: true } as never }),
    );
    expect(unknownField.problem!.errors).toEqual([expect.objectContaining({ field: 'publish' })]);

    expect((await agent.listProposals({ limit: 100 })).items.length).toBe(proposals);
    expect((await admin.GET('/v1/admin/config/changes', { query: { limit: 100 } })).items.length).toBe(changes);
  });

  it('never lets an agent publish, approve or reject: admin routes are 401 with a secret key', async () => {
    const proposal = await agent.propose({ summary: 'Self-approval attempt', patch: [{ op: 'replace', path: '/display/groupByTier', value: true }] });
    const draft = await admin.POST('/v1/admin/config/versions', { body: {} });
    const attempts = [
      agent.api.POST('/v1/admin/proposals/{id}/approve', { path: { id: proposal.id }, body: { publish: true } }),
      agent.api.POST('/v1/admin/proposals/{id}/reject', { path: { id: proposal.id }, body: { reason: 'no' } }),
      agent.api.POST('/v1/admin/config/versions/{id}/publish', { path: { id: draft.id } }),
      agent.api.POST('/v1/admin/config/versions', { body: {} }),
      agent.api.GET('/v1/admin/proposals'),
    ];
    for (const attempt of attempts) {
      const error = await failure(attempt);
      expect([error.status, error.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect((await agent.getProposal(proposal.id)).status).toBe('PENDING');
  });

  it('pages through proposals with limit and cursor, and filters by status', async () => {
    const all: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await agent.listProposals({ limit: 2, cursor });
      expect(page.items.length).toBeLessThanOrEqual(2);
      all.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    const createdAt = await Promise.all(all.map(async (id) => (await agent.getProposal(id)).createdAt));
    expect(createdAt).toEqual([...createdAt].sort().reverse());
    const rejected = await admin.GET('/v1/admin/proposals', { query: { status: 'REJECTED' } });
    expect(rejected.items.map((p) => p.status)).toEqual(['REJECTED']);
  });
});

describe('agent rate limit', () => {
  let t: TestApp;
  let first: SeededTenant;
  let second: SeededTenant;

  beforeAll(async () => {
    t = await createTestApp({ env: { AGENT_RATE_LIMIT_PER_MINUTE: '3' } });
    first = await seedTenant(t, 'busy-agent');
    second = await seedTenant(t, 'calm-agent');
  });
  afterAll(() => t?.close());

  const agentCall = (tenant: SeededTenant) =>
    t.app.inject({ method: 'GET', url: '/v1/agent/config', headers: { authorization: `Bearer ${tenant.secretKey}` } });

  it("answers the tenant's call over the per-minute limit with 429 RATE_LIMITED and Retry-After, other tenants unaffected", async () => {
    const allowed = [await agentCall(first), await agentCall(first), await agentCall(first)];
    expect(allowed.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(allowed.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);

    const limited = await agentCall(first);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    const proposal = await t.app.inject({
      method: 'POST',
      url: '/v1/agent/proposals',
      headers: { authorization: `Bearer ${first.secretKey}` },
      payload: { summary: 'x', patch: [{ op: 'replace', path: '/branding/primaryColor', value: '#000000' }] },
    });
    expect(proposal.statusCode).toBe(429); // every agent route counts, proposals too

    expect((await agentCall(second)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/v1/config', headers: { 'x-tenant-key': first.publicKey } })).statusCode).toBe(200);
  });
});
