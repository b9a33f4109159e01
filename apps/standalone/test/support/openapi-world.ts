import type { LightMyRequestResponse } from 'fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { addDays, todayIn, UserRole } from '@mais/domain';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from '../../../api/test/support/harness';
import { sql } from '../../../api/test/support/booking-fixtures';
import { seedBooking, seedWebhookDelivery } from '../../../worker/test/support/worker-test-helpers';

/**
 * The fuzz and cross-tenant suites' world: the real app, its own OpenAPI document (/docs-json), two
 * tenants with one of every resource, every kind of credential, and a digest of the whole database to
 * prove that a refused request changed nothing.
 */
export interface WorldTenant {
  id: string;
  slug: string;
  publicKey: string;
  secretKey: string;
  adminToken: string;
  adminEmail: string;
  packageId: string;
  packageSlug: string;
  addOnId: string;
  blackoutId: string;
  draftId: string;
  proposalId: string;
  bookingId: string;
  sessionId: string;
  webhookEndpointId: string;
  webhookDeliveryId: string;
}

export interface Operation {
  method: string;
  path: string;
  op: {
    operationId?: string;
    security?: Record<string, string[]>[];
    parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
    requestBody?: { content: Record<string, { schema: Schema }> };
  };
  /** How the operation authenticates, as the document says. */
  auth: 'none' | 'widget' | 'agent' | 'tenant-admin' | 'platform-admin';
}

export type Schema = Record<string, any>;

export interface World {
  t: TestApp;
  doc: OpenAPIObject;
  operations: Operation[];
  a: WorldTenant;
  b: WorldTenant;
  platformToken: string;
  /** A tenant and a user that platform operations may change freely. */
  spare: { tenantId: string; userId: string };
  /** A digest of every row of every table (or of one tenant's rows). */
  snapshot(tenantId?: string): Promise<string>;
  send(request: WorldRequest): Promise<LightMyRequestResponse>;
}

export interface WorldRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  payload?: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export async function createWorld(): Promise<World> {
  // Agents are rate-limited per minute; these suites send thousands of requests on purpose.
  const t = await createTestApp({ env: { AGENT_RATE_LIMIT_PER_MINUTE: '100000' } });
  const doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json() as OpenAPIObject;
  const a = await seedWorldTenant(t, 'alpha');
  const b = await seedWorldTenant(t, 'beta');
  await seedUser(t, 'ops@world.test', 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
  const platformToken = await loginToken(t, 'ops@world.test', 'Ops-Pass-2026!');
  const spareTenant = await seedTenant(t, 'spare');
  await seedUser(t, 'spare@world.test', 'Spare-Pass-2026!', UserRole.TENANT_ADMIN, spareTenant.id);
  const [spareUser] = await sql<{ id: string }>(t, 'select id from users where email = ?', ['spare@world.test']);

  const tables = (
    await sql<{ table_name: string }>(
      t,
      `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'mikro_orm%' order by 1`,
    )
  ).map((r) => r.table_name);
  const tenantTables = (
    await sql<{ table_name: string }>(
      t,
      `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id' order by 1`,
    )
  ).map((r) => r.table_name);
  const digest = (table: string, where: string) =>
    `select '${table}' as name, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as hash from "${table}" x ${where}`;
  const allRows = tables.map((table) => digest(table, '')).join(' union all ');
  const tenantRows = [...tenantTables.map((table) => digest(table, 'where x.tenant_id = ?')), digest('tenants', 'where x.id = ?')];

  return {
    t,
    doc,
    operations: operationsOf(doc),
    a,
    b,
    platformToken,
    spare: { tenantId: spareTenant.id, userId: spareUser.id },
    async snapshot(tenantId?: string) {
      const rows = tenantId
        ? await sql<{ name: string; hash: string }>(
            t,
            tenantRows.join(' union all '),
            tenantRows.map(() => tenantId),
          )
        : await sql<{ name: string; hash: string }>(t, allRows);
      return rows.map((r) => `${r.name}:${r.hash}`).join(',');
    },
    send: (request) => t.app.inject({ method: request.method as 'GET', url: request.url, headers: request.headers, payload: request.payload }),
  };
}

function operationsOf(doc: OpenAPIObject): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => (item as Record<string, unknown>)[method]).map((method) => {
      const op = (item as Record<string, Operation['op']>)[method];
      const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
      const tenantAdmin = (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'X-Tenant-Id');
      const auth: Operation['auth'] = schemes.has('tenantKey')
        ? 'widget'
        : schemes.has('secretKey')
          ? 'agent'
          : schemes.has('adminJwt')
            ? tenantAdmin
              ? 'tenant-admin'
              : 'platform-admin'
            : 'none';
      return { method: method.toUpperCase(), path, op, auth };
    }),
  );
}

async function seedWorldTenant(t: TestApp, slug: string): Promise<WorldTenant> {
  const tenant = await seedTenant(t, slug);
  const adminEmail = `owner@${slug}.test`;
  await seedUser(t, adminEmail, 'Owner-Pass-2026!', UserRole.TENANT_ADMIN, tenant.id);
  const adminToken = await loginToken(t, adminEmail, 'Owner-Pass-2026!');
  const admin = { authorization: `Bearer ${adminToken}` };
  const created = async (method: 'POST', url: string, headers: Record<string, string>, payload: object) => {
    const res = await t.app.inject({ method, url, headers, payload });
    if (res.statusCode >= 300) throw new Error(`seeding ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  const packageSlug = `${slug}-classic`;
  const pkg = await created('POST', '/v1/admin/packages', admin, { slug: packageSlug, name: `Classic ${slug}`, basePriceCents: 100000 });
  const addOn = await created('POST', `/v1/admin/packages/${pkg.id}/addons`, admin, { slug: `${slug}-cake`, name: 'Cake', priceCents: 20000 });
  const today = todayIn('UTC');
  const blackout = await created('POST', '/v1/admin/blackouts', admin, { date: addDays(today, 200), reason: 'Closed' });
  const draft = await created('POST', '/v1/admin/config/versions', admin, {});
  const proposal = await created(
    'POST',
    '/v1/agent/proposals',
    { authorization: `Bearer ${tenant.secretKey}` },
    {
      summary: 'Brand colour',
      patch: [{ op: 'replace', path: '/branding/primaryColor', value: '#112233' }],
      agent: { name: 'world' },
    },
  );
  const hold = await created(
    'POST',
    '/v1/bookings/checkout',
    { 'x-tenant-key': tenant.publicKey },
    {
      packageSlug,
      eventDate: addDays(today, 100),
      customer: { email: `guest@${slug}.test`, name: 'Guest' },
    },
  );
  const bookingId = await seedBooking(t, tenant.id, { eventDate: addDays(today, 150), email: `bride@${slug}.test` });
  // Nothing listens there (port 9, discard): deliveries would fail, but this app runs no worker.
  const endpoint = await created('POST', '/v1/admin/webhook-endpoints', admin, { url: `http://127.0.0.1:9/${slug}`, events: ['booking.created'] });
  const delivery = await seedWebhookDelivery(t, tenant.id, endpoint.id, { status: 'FAILED', attempts: 1 });
  return {
    id: tenant.id,
    slug,
    publicKey: tenant.publicKey,
    secretKey: tenant.secretKey,
    adminToken,
    adminEmail,
    packageId: pkg.id,
    packageSlug,
    addOnId: addOn.id,
    blackoutId: blackout.id,
    draftId: draft.id,
    proposalId: proposal.id,
    bookingId,
    sessionId: hold.sessionId,
    webhookEndpointId: endpoint.id,
    webhookDeliveryId: delivery.deliveryId,
  };
}

/** The id a path parameter of `path` names in `tenant` (platform paths name the spare tenant and user). */
export function pathValue(world: World, tenant: WorldTenant, path: string, name: string): string {
  if (name === 'addOnId') return tenant.addOnId;
  if (name === 'slug') return tenant.packageSlug;
  if (name === 'sessionId') return tenant.sessionId;
  if (name === 'deliveryId') return tenant.webhookDeliveryId;
  const parts = path.split('/'); // ['', 'v1', 'admin' | 'agent' | section, section?, …]
  const section = parts[2] === 'admin' || parts[2] === 'agent' ? parts[3] : parts[2];
  switch (section) {
    case 'packages':
      return tenant.packageId;
    case 'blackouts':
      return tenant.blackoutId;
    case 'config':
      return tenant.draftId;
    case 'proposals':
      return tenant.proposalId;
    case 'bookings':
      return tenant.bookingId;
    case 'webhook-endpoints':
      return tenant.webhookEndpointId;
    case 'tenants':
      return world.spare.tenantId;
    case 'users':
      return world.spare.userId;
    default:
      return '00000000-0000-4000-8000-000000000000';
  }
}

/** Every header set an operation can be called with, by who is calling. */
export function credentials(world: World, tenant: WorldTenant): Record<string, Record<string, string>> {
  return {
    anonymous: {},
    widget: { 'x-tenant-key': tenant.publicKey },
    agent: { authorization: `Bearer ${tenant.secretKey}` },
    'tenant-admin': { authorization: `Bearer ${tenant.adminToken}` },
    'platform-admin': { authorization: `Bearer ${world.platformToken}`, 'x-tenant-id': tenant.id },
  };
}
