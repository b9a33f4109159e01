import { EntityManager } from '@mikro-orm/postgresql';
import { applyConfigToCatalog, PublishedConfigReader } from '@mais/config-versioning';
import { Package, Tenant, todayIn, UserRole } from '@mais/domain';
import { TenantScope } from '@mais/tenancy';
import { createTestApp, loginToken, SeededTenant, seedTenant, seedUser, TestApp } from './support/harness';

type Json = Record<string, any>;

/** Names and descriptions that JSON must escape, or must leave alone, exactly as JSON.stringify does. */
const TRICKY = `Quote " backslash \\ slash / tab \t newline \n bell \u0007 del \u007f é 中文 😀 \u2028\u2029 <script>`;

/**
 * GET /v1/packages and /v1/packages/{slug} read the catalog with one raw SQL query (no ORM filter, no
 * entities): the tenant comes from the request's scope only, and the answer must be byte for byte what
 * the entities gave.
 */
describe('the widget catalog read path', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let ops: Record<string, string>;

  const admin = (tenant: SeededTenant) => ({ ...ops, 'x-tenant-id': tenant.id });
  const widget = (tenant: SeededTenant, url: string) => t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });
  const post = async (tenant: SeededTenant, url: string, payload: Json) => {
    const res = await t.app.inject({ method: 'POST', url, headers: admin(tenant), payload });
    if (res.statusCode !== 201) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  /** The same slugs, names and add-on slugs in both tenants, so only the tenant can tell them apart. */
  async function seedCatalog(tenant: SeededTenant, price: number) {
    const ids: string[] = [];
    for (const [slug, tier, offset] of [
      ['classic', 'gold', 0],
      ['deluxe', 'gold', 50_000],
      ['royal', null, 90_000],
      ['hidden', 'silver', 10],
    ] as const) {
      const pkg = await post(tenant, '/v1/admin/packages', {
        slug,
        name: `${slug} ${TRICKY}`,
        description: `${slug}: ${TRICKY}`,
        basePriceCents: price + offset,
        tier,
        photoUrl: `https://img.test/${slug}.jpg`,
      });
      ids.push(pkg.id);
      for (const addOn of ['cake', 'band', 'lights']) {
        await post(tenant, `/v1/admin/packages/${pkg.id}/addons`, { slug: addOn, name: `${addOn} ${TRICKY}`, description: TRICKY, priceCents: price / 10 });
      }
      const off = await post(tenant, `/v1/admin/packages/${pkg.id}/addons`, { slug: 'retired', name: 'Retired', priceCents: 1, active: false });
      expect(off.active).toBe(false);
    }
    await post(tenant, '/v1/admin/packages', { slug: 'inactive', name: 'Inactive', basePriceCents: price, active: false });
    return ids;
  }

  /** The view the widget must get, computed the old way: entities, then applyConfigToCatalog, then JSON.stringify. */
  async function expectedJson(tenant: SeededTenant, query: { q?: string; tier?: string; min?: number; max?: number; sort?: string } = {}) {
    return t.app.get(TenantScope).run(tenant.id, async () => {
      const em = t.app.get(EntityManager);
      const { currency, timezone } = await em.findOneOrFail(Tenant, tenant.id);
      const { config } = await t.app.get(PublishedConfigReader).read();
      const where: Json = { active: true };
      if (query.tier) where.tier = query.tier;
      if (query.min !== undefined) where.basePriceCents = { $gte: query.min };
      if (query.max !== undefined) where.basePriceCents = { ...where.basePriceCents, $lte: query.max };
      const pattern = `%${query.q?.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      if (query.q) where.$or = [{ name: { $ilike: pattern } }, { description: { $ilike: pattern } }];
      const packages = await em.find(Package, where, {
        populate: ['addOns'],
        populateWhere: { addOns: { active: true } },
        orderBy: { name: 'asc', id: 'asc' },
      });
      const view = applyConfigToCatalog(packages, config, todayIn(timezone)).map(({ pkg, featured, description }) => ({
        id: pkg.id,
        slug: pkg.slug,
        name: pkg.name,
        description,
        basePriceCents: pkg.basePriceCents,
        currency,
        tier: pkg.tier,
        photoUrl: pkg.photoUrl,
        featured,
        addOns: pkg.addOns
          .getItems()
          .sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())
          .map((addOn) => ({
            id: addOn.id,
            slug: addOn.slug,
            name: addOn.name,
            description: addOn.description,
            priceCents: addOn.priceCents,
            photoUrl: addOn.photoUrl,
          })),
      }));
      const byName = (x: Json, y: Json) => x.name.localeCompare(y.name) || x.id.localeCompare(y.id);
      if (query.sort === 'name') view.sort(byName);
      if (query.sort === 'price_asc') view.sort((x, y) => x.basePriceCents - y.basePriceCents || byName(x, y));
      if (query.sort === 'price_desc') view.sort((x, y) => y.basePriceCents - x.basePriceCents || byName(x, y));
      return JSON.stringify(view);
    });
  }

  beforeAll(async () => {
    // No cache: every request below runs the SQL.
    t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
    a = await seedTenant(t, 'alpha');
    b = await seedTenant(t, 'bravo');
    await seedUser(t, 'ops@catalog.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    ops = { authorization: `Bearer ${await loginToken(t, 'ops@catalog.test', 'Ops-Pass-2026!')}` };
    const [classicA, deluxeA, , hiddenA] = await seedCatalog(a, 100_000);
    await seedCatalog(b, 200_000);

    // Tenant A publishes a config: deluxe first and featured with its own description, `hidden` hidden.
    const config = {
      schemaVersion: 1,
      packages: {
        [deluxeA]: { visible: true, featured: true, order: 0, customDescription: `Custom ${TRICKY}` },
        [classicA]: { visible: true, featured: false, order: 1 },
        [hiddenA]: { visible: false, featured: false, order: 2 },
      },
    };
    const draft = await post(a, '/v1/admin/config/versions', { config });
    const published = await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${draft.id}/publish`, headers: admin(a) });
    expect(published.json()).toMatchObject({ status: 'PUBLISHED' });
  });
  afterAll(() => t?.close());

  const QUERIES: [string, Parameters<typeof expectedJson>[1]][] = [
    ['', {}],
    ['?sort=name', { sort: 'name' }],
    ['?sort=price_asc', { sort: 'price_asc' }],
    ['?sort=price_desc&tier=gold', { sort: 'price_desc', tier: 'gold' }],
    ['?q=DELUXE', { q: 'DELUXE' }],
    ['?q=%5C', { q: '\\' }],
    ['?minPriceCents=150000&maxPriceCents=250000', { min: 150_000, max: 250_000 }],
    ['?minPriceCents=99999999999', { min: 99_999_999_999 }],
  ];

  it.each(QUERIES)('answers GET /v1/packages%s byte for byte as the entities did, for each tenant', async (query, expected) => {
    for (const tenant of [a, b]) {
      const res = await widget(tenant, `/v1/packages${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toBe(await expectedJson(tenant, expected));
    }
  });

  it("never shows a tenant another tenant's packages or add-ons, whatever the filter", async () => {
    const idsOf = async (tenant: SeededTenant) => {
      const rows = await t.orm.em
        .getConnection()
        .execute<{ id: string }[]>('select id from packages where tenant_id = ? union all select id from add_ons where tenant_id = ?', [tenant.id, tenant.id]);
      return new Set(rows.map((row: { id: string }) => row.id));
    };
    const own = { [a.id]: await idsOf(a), [b.id]: await idsOf(b) };
    for (const [query] of QUERIES) {
      for (const [tenant, other] of [
        [a, b],
        [b, a],
      ]) {
        const seen = (await widget(tenant, `/v1/packages${query}`)).json() as Json[];
        const ids = seen.flatMap((p) => [p.id, ...p.addOns.map((addOn: Json) => addOn.id)]);
        expect(ids.filter((id) => !own[tenant.id].has(id))).toEqual([]);
        expect(ids.filter((id) => own[other.id].has(id))).toEqual([]);
      }
    }
    expect(((await widget(a, '/v1/packages')).json() as Json[]).map((p) => p.basePriceCents)).toEqual([150_000, 100_000, 190_000]);
    expect(((await widget(b, '/v1/packages')).json() as Json[]).every((p) => p.basePriceCents >= 200_000)).toBe(true);
  });

  it("keeps each request's own tenant when requests of two tenants run interleaved", async () => {
    const expected = { [a.id]: await expectedJson(a), [b.id]: await expectedJson(b) };
    const tenants = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b));
    const bodies = await Promise.all(tenants.map((tenant) => widget(tenant, '/v1/packages').then((res) => res.body)));
    bodies.forEach((body, i) => expect(body).toBe(expected[tenants[i].id]));
  });

  it("keeps out an add-on of another tenant even when it hangs off the tenant's own package", async () => {
    const [classicA] = ((await widget(a, '/v1/packages?sort=name')).json() as Json[]).filter((p) => p.slug === 'classic');
    // Only raw SQL can build this row; the read must still name the tenant for add-ons, not trust the join.
    await t.orm.em.getConnection().execute(
      `insert into add_ons (id, created_at, updated_at, tenant_id, package_id, slug, name, description, price_cents, active)
       values (gen_random_uuid(), now(), now(), ?, ?, 'smuggled', 'Smuggled', '', 1, true)`,
      [b.id, classicA.id],
    );
    try {
      const classic = (await widget(a, '/v1/packages/classic')).json();
      expect(classic.addOns.map((addOn: Json) => addOn.slug)).toEqual(['cake', 'band', 'lights']);
      expect(JSON.stringify((await widget(b, '/v1/packages')).json())).not.toContain('smuggled');
    } finally {
      await t.orm.em.getConnection().execute(`delete from add_ons where slug = 'smuggled'`);
    }
  });

  it('answers GET /v1/packages/{slug} from the same query: hidden packages too, others 404', async () => {
    const list = JSON.parse(await expectedJson(a)) as Json[];
    const deluxe = await widget(a, '/v1/packages/deluxe');
    expect(deluxe.body).toBe(JSON.stringify(list.find((p) => p.slug === 'deluxe')));
    expect(deluxe.json()).toMatchObject({ featured: true, description: `Custom ${TRICKY}` });
    expect((await widget(a, '/v1/packages/hidden')).json()).toMatchObject({ slug: 'hidden', featured: false, basePriceCents: 100_010 });
    expect((await widget(b, '/v1/packages/deluxe')).json()).toMatchObject({ featured: false, basePriceCents: 250_000, description: `deluxe: ${TRICKY}` });
    for (const slug of ['inactive', 'nope']) {
      const res = await widget(a, `/v1/packages/${slug}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('rejects a bad query with the same VALIDATION_FAILED errors before and after an empty query was served', async () => {
    const url = '/v1/packages?minPriceCents=-1&maxPriceCents=abc&sort=bogus&q=' + 'x'.repeat(101) + '&colour=red';
    const errorsOf = async () => {
      const res = await widget(a, url);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      return res.json().errors;
    };
    const before = await errorsOf();
    expect((await widget(a, '/v1/packages')).statusCode).toBe(200);
    expect(await errorsOf()).toEqual(before);
    expect(before.map((e: Json) => e.field)).toEqual(expect.arrayContaining(['q', 'minPriceCents', 'maxPriceCents', 'sort', 'colour']));
  });
});

/** With Redis, a hit is the stored bytes: the same body and headers as the miss that stored it. */
describe('the widget catalog read path with a Redis cache', () => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;
  let ops: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ redis: true });
    a = await seedTenant(t, 'alpha');
    b = await seedTenant(t, 'bravo');
    await seedUser(t, 'ops@cached.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
    ops = { authorization: `Bearer ${await loginToken(t, 'ops@cached.test', 'Ops-Pass-2026!')}` };
    for (const [tenant, price] of [
      [a, 1000],
      [b, 2000],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/packages',
        headers: { ...ops, 'x-tenant-id': tenant.id },
        payload: { slug: 'classic', name: `Classic ${TRICKY}`, basePriceCents: price },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(() => t?.close());

  it('sends a hit exactly as the miss that stored it, per tenant, for the catalog, one package and the config', async () => {
    for (const url of ['/v1/packages', '/v1/packages?sort=name', '/v1/packages/classic', '/v1/config']) {
      const bodies: string[] = [];
      for (const tenant of [a, b]) {
        const miss = await t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });
        const hit = await t.app.inject({ method: 'GET', url, headers: { 'x-tenant-key': tenant.publicKey } });
        expect(miss.statusCode).toBe(200);
        expect({ status: hit.statusCode, body: hit.body, type: hit.headers['content-type'], length: hit.headers['content-length'] }).toEqual({
          status: 200,
          body: miss.body,
          type: 'application/json; charset=utf-8',
          length: String(Buffer.byteLength(miss.body)),
        });
        bodies.push(hit.body);
      }
      if (url !== '/v1/config') expect(bodies[0]).not.toBe(bodies[1]);
    }
    const stats = (await t.app.inject({ method: 'GET', url: '/health/cache', headers: ops })).json();
    expect(stats.hits).toBeGreaterThan(0);
  });
});
