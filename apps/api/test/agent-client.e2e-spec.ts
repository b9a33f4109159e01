import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { configDocumentSchema } from '@mais/config-versioning';
import { addDays, todayIn, UserRole } from '@mais/domain';
import { createApiClient } from '../../../clients/agent';
import { nextSeason, proposeSeasonalPromotion } from '../../../examples/agent-propose';
import { buildOpenApiDocument, OPENAPI_FILE, ROOT, serialiseDocument } from '../../../scripts/openapi';
import { createTestApp, loginToken, seedTenant, seedUser, TestApp } from './support/harness';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Every route of the original contract (now docs/api.md and the OpenAPI document), as `METHOD /path/{param}`. */
const API_ROUTES = [
  'get /v1/packages',
  'get /v1/packages/{slug}',
  'get /v1/availability',
  'get /v1/availability/unavailable',
  'post /v1/bookings/checkout',
  'get /v1/config',
  'post /v1/webhooks/stripe',
  'post /v1/admin/login',
  'get /v1/admin/bookings',
  'get /v1/admin/bookings/{id}',
  'post /v1/admin/bookings/{id}/cancel',
  'get /v1/admin/blackouts',
  'post /v1/admin/blackouts',
  'delete /v1/admin/blackouts/{id}',
  'get /v1/admin/packages',
  'post /v1/admin/packages',
  'get /v1/admin/packages/{id}',
  'patch /v1/admin/packages/{id}',
  'delete /v1/admin/packages/{id}',
  'post /v1/admin/packages/{id}/addons',
  'patch /v1/admin/packages/{id}/addons/{addOnId}',
  'delete /v1/admin/packages/{id}/addons/{addOnId}',
  'get /v1/admin/tenants',
  'post /v1/admin/tenants',
  'get /v1/admin/tenants/{id}',
  'patch /v1/admin/tenants/{id}',
  'post /v1/admin/tenants/{id}/rotate-keys',
  'get /v1/admin/users',
  'post /v1/admin/users',
  'patch /v1/admin/users/{id}',
  'delete /v1/admin/users/{id}',
  'get /v1/admin/webhooks',
  'post /v1/admin/webhooks/{id}/replay',
  'get /v1/admin/calendar',
  'put /v1/admin/calendar',
  'delete /v1/admin/calendar',
  'post /v1/admin/calendar/sync',
  'get /v1/admin/config/versions',
  'post /v1/admin/config/versions',
  'get /v1/admin/config/versions/{id}',
  'patch /v1/admin/config/versions/{id}',
  'post /v1/admin/config/versions/{id}/publish',
  'post /v1/admin/config/versions/{id}/rollback',
  'get /v1/admin/config/versions/{id}/diff',
  'get /v1/admin/config/changes',
  'get /v1/admin/proposals',
  'get /v1/admin/proposals/{id}',
  'post /v1/admin/proposals/{id}/approve',
  'post /v1/admin/proposals/{id}/reject',
  'get /v1/agent/config',
  'post /v1/agent/proposals',
  'get /v1/agent/proposals',
  'get /v1/agent/proposals/{id}',
  'get /health',
  'get /health/ready',
  'get /health/cache',
  'get /v1/dev/checkout/{sessionId}',
  'post /v1/dev/checkout/{sessionId}/complete',
  'post /v1/dev/checkout/{sessionId}/expire',
];
/** The routes this feature owns: they must exist, whatever else the app serves yet. */
const CONFIG_ROUTES = API_ROUTES.filter((r) => /\/v1\/(config|admin\/config|admin\/proposals|agent)\b/.test(r));

describe('the OpenAPI document and the generated agent client', () => {
  let t: TestApp;
  let committed: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
  });
  afterAll(() => t?.close());

  it('commits clients/agent/openapi.json exactly as the code generates it (else run `npm run openapi`)', async () => {
    const generated = serialiseDocument(await buildOpenApiDocument());
    if (generated !== readFileSync(OPENAPI_FILE, 'utf8')) {
      const paths = (doc: OpenAPIObject) => Object.keys(doc.paths).sort();
      expect({ paths: paths(committed) }).toEqual({ paths: paths(JSON.parse(generated)) });
      expect(committed).toEqual(JSON.parse(generated));
      throw new Error('clients/agent/openapi.json differs from the generated document in formatting: run `npm run openapi`');
    }
  });

  it('serves that same document at /docs-json from the running app', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs-json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(committed);
  });

  it('commits the client types (clients/agent/schema.d.ts) generated from that document', () => {
    const check = spawnSync(process.execPath, [join(ROOT, 'scripts/openapi-types.mjs'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('validates as an OpenAPI 3 document', async () => {
    expect(committed.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(committed) as never)).resolves.toBeDefined();
  });

  it('documents every route of the contract that the app serves, and serves every config and agent route', () => {
    const fastify = t.app.getHttpAdapter().getInstance();
    const served = (route: string) => {
      const [method, path] = route.split(' ');
      return fastify.hasRoute({ method: method.toUpperCase() as never, url: path.replace(/\{(\w+)\}/g, ':$1') });
    };
    const documented = (route: string) => {
      const [method, path] = route.split(' ');
      return Boolean(committed.paths[path]?.[method as Method]);
    };
    expect(CONFIG_ROUTES.filter((r) => !served(r))).toEqual([]);
    expect(API_ROUTES.filter(served).filter((r) => !documented(r))).toEqual([]);
  });

  it('describes config fields with the JSON Schema the server validates them with, and every error response', () => {
    const schemas = committed.components!.schemas as Record<string, any>;
    expect(schemas.ConfigDocument).toEqual(JSON.parse(JSON.stringify(configDocumentSchema)));
    const ref = { allOf: [{ $ref: '#/components/schemas/ConfigDocument' }] };
    for (const dto of ['ConfigVersionDto', 'PublishedConfigDto', 'UpdateDraftDto']) expect(schemas[dto].properties.config).toMatchObject(ref);
    expect(schemas.ProposeDto.properties.patch.items).toEqual({ $ref: '#/components/schemas/JsonPatchOperation' });

    for (const route of CONFIG_ROUTES) {
      const [method, path] = route.split(' ');
      const operation = committed.paths[path][method as Method]!;
      expect({ route, security: operation.security?.length ?? 0 }).toEqual({ route, security: expect.any(Number) });
      expect(operation.security!.length).toBeGreaterThan(0);
      expect(operation.summary).toBeTruthy();
      expect(operation.responses['401']).toBeDefined();
      const success = Object.keys(operation.responses).filter((s) => s.startsWith('2'));
      expect({ route, success: success.length }).toEqual({ route, success: 1 });
      const body = (operation.requestBody as any)?.content?.['application/json'];
      if (method !== 'get') expect({ route, hasBody: body !== undefined || /publish|rollback/.test(path) }).toEqual({ route, hasBody: true });
    }
    expect(committed.paths['/v1/agent/proposals'].post!.responses['429']).toBeDefined();
    expect(committed.paths['/v1/admin/config/versions/{id}'].patch!.responses['409']).toBeDefined();
  });

  it('runs examples/agent-propose.ts against a listening app: it proposes featuring packages for next season', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = await t.app.getUrl();
    const tenant = await seedTenant(t, 'example-agent');
    await seedUser(t, 'owner@example-agent.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    const admin = createApiClient({ baseUrl, headers: { authorization: `Bearer ${await loginToken(t, 'owner@example-agent.test', 'Owner-Pass-2026')}` } });
    const widget = createApiClient({ baseUrl, headers: { 'x-tenant-key': tenant.publicKey } });
    for (const [slug, basePriceCents] of [
      ['garden', 300_000],
      ['barn', 200_000],
      ['city', 100_000],
    ] as const) {
      await admin.POST('/v1/admin/packages', { body: { slug, name: slug, basePriceCents } });
    }

    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.MAIS_PUBLIC_KEY = tenant.publicKey;
    try {
      const proposal = await proposeSeasonalPromotion(baseUrl, tenant.secretKey);
      const season = nextSeason();
      expect(proposal).toMatchObject({ status: 'PENDING', applicable: true, agent: { name: 'seasonal-promoter' } });
      const approved = await admin.POST('/v1/admin/proposals/{id}/approve', { path: { id: proposal.id }, body: { publish: true } });
      expect(approved.version.status).toBe('PUBLISHED');
      const { config } = await widget.GET('/v1/config');
      const ids = Object.fromEntries((await widget.GET('/v1/packages')).map((p) => [p.slug, p.id]));
      expect(config.displayRules).toEqual([{ id: season.id, from: season.from, to: season.to, packageIds: [ids.garden, ids.barn], action: 'feature' }]);
      expect(season.from > todayIn('UTC') && season.from <= addDays(todayIn('UTC'), 31)).toBe(true);
    } finally {
      delete process.env.MAIS_PUBLIC_KEY;
      log.mockRestore();
    }
  });
});
