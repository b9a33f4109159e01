import { addDays, todayIn } from '@mais/domain';
import { createWorld, credentials, Operation, pathValue, Schema, World, WorldTenant } from './support/openapi-world';

/** Operations that change the caller's own credentials, left out of the matrix. */
const OWN_CREDENTIAL_CHANGES = new Set(['rotateOwnKeys']);

/** Who tries each kind of tenant-scoped operation, as tenant B. */
const CALLERS: Record<string, string[]> = {
  widget: ['widget'],
  agent: ['agent'],
  'tenant-admin': ['tenant-admin', 'platform-admin'],
};

interface Cell {
  operation: Operation;
  caller: string;
  /** The request names one of tenant A's resources (path, query or body), so it must be refused. */
  namesA: boolean;
  refusedWith: number[];
}

/**
 * Issue 10: a cross-tenant matrix generated from the OpenAPI document, so a new tenant-scoped route
 * cannot ship without its isolation being tried. Every tenant-scoped operation is called with each of
 * tenant B's credentials against tenant A's resources: an operation that names one of A's resources
 * answers 404 (or 403), an answer never shows A's data, and A's rows never change.
 */
describe('cross-tenant matrix (generated from /docs-json)', () => {
  let world: World;
  let cells: Cell[];
  /** A config document the validation accepts (B's own draft's). */
  let validConfig: unknown;

  beforeAll(async () => {
    world = await createWorld();
    const draft = await world.send({
      method: 'GET',
      url: `/v1/admin/config/versions/${world.b.draftId}`,
      headers: { authorization: `Bearer ${world.b.adminToken}` },
    });
    validConfig = draft.json().config;
    cells = world.operations
      // Rotating the caller's own keys names nothing of A's and would revoke the very credentials the matrix calls
      // with (console-api.e2e-spec tries it: the caller's own tenant only).
      .filter((operation) => CALLERS[operation.auth] && !OWN_CREDENTIAL_CHANGES.has(operation.op.operationId ?? ''))
      .flatMap((operation) => CALLERS[operation.auth].map((caller) => cellOf(operation, caller)));
  });
  afterAll(() => world?.t.close());

  function cellOf(operation: Operation, caller: string): Cell {
    const pathNamesA = (operation.op.parameters ?? []).some((p) => p.in === 'path');
    const bodyNamesA = operation.path === '/v1/bookings/checkout';
    const queryNamesA = (operation.op.parameters ?? []).some((p) => p.in === 'query' && (p.name === 'versionId' || p.name === 'against'));
    return { operation, caller, namesA: pathNamesA || bodyNamesA || queryNamesA, refusedWith: pathNamesA ? [403, 404] : [400, 401, 403, 404, 409] };
  }

  /** A request body the validation accepts, from the document's examples, naming A's resources where it names any. */
  function bodyOf(schema: Schema | undefined, a: WorldTenant): unknown {
    if (!schema) return undefined;
    const schemas = (world.doc.components?.schemas ?? {}) as Record<string, Schema>;
    const resolve = (s: Schema): Schema => (s.$ref ? resolve(schemas[String(s.$ref).split('/').pop()!]) : s.allOf?.length === 1 ? resolve(s.allOf[0]) : s);
    const example = (input: Schema, name = ''): unknown => {
      if (input.$ref === '#/components/schemas/ConfigDocument' || input.allOf?.[0]?.$ref === '#/components/schemas/ConfigDocument') return validConfig;
      const s = resolve(input);
      if (name === 'packageSlug') return a.packageSlug;
      if (name === 'addOnIds') return [a.addOnId];
      if (s.format === 'date') return addDays(todayIn('UTC'), 120);
      if (s.example !== undefined) return s.example;
      if (s.enum) return s.enum[0];
      if (s.oneOf) return example(s.oneOf[0]);
      switch (s.type) {
        case 'boolean':
          return false;
        case 'integer':
        case 'number':
          return s.minimum ?? 1;
        case 'array':
          return s.minItems ? [example(s.items ?? {})] : [];
        case 'string':
          return 'x'.repeat(Math.max(s.minLength ?? 1, 1));
        default:
          return Object.fromEntries(
            Object.entries((s.properties ?? {}) as Record<string, Schema>)
              .filter(([key]) => (s.required ?? []).includes(key) || key === 'addOnIds' || key === 'agent')
              .map(([key, property]) => [key, example(property, key)]),
          );
      }
    };
    return example(schema);
  }

  function requestOf(cell: Cell): { method: string; url: string; headers: Record<string, string>; payload?: string } {
    const { a, b } = world;
    const { operation } = cell;
    let url = operation.path;
    const query = new URLSearchParams();
    for (const p of operation.op.parameters ?? []) {
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(pathValue(world, a, operation.path, p.name)));
      if (p.in === 'query' && (p.name === 'versionId' || p.name === 'against')) query.set(p.name, a.draftId);
      else if (p.in === 'query' && p.required) query.set(p.name, addDays(todayIn('UTC'), p.name === 'to' ? 130 : 120));
    }
    const body = bodyOf(operation.op.requestBody?.content?.['application/json']?.schema, a);
    const qs = query.toString();
    return {
      method: operation.method,
      url: qs ? `${url}?${qs}` : url,
      headers: { accept: 'application/json', ...credentials(world, b)[cell.caller], ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body !== undefined ? JSON.stringify(body) : undefined,
    };
  }

  it("covers every tenant-scoped operation with each of tenant B's credentials", () => {
    const scoped = world.operations.filter((o) => CALLERS[o.auth] && !OWN_CREDENTIAL_CHANGES.has(o.op.operationId ?? ''));
    // The one left out is left out on purpose, and only it.
    expect(world.operations.filter((o) => OWN_CREDENTIAL_CHANGES.has(o.op.operationId ?? '')).map((o) => `${o.method} ${o.path}`)).toEqual([
      'POST /v1/admin/tenant/rotate-keys',
    ]);
    expect(scoped.length).toBeGreaterThan(30);
    expect(new Set(cells.map((c) => `${c.operation.method} ${c.operation.path}`)).size).toBe(scoped.length);
    console.log(`cross-tenant matrix: ${cells.length} cells (${scoped.length} operations; ${cells.filter((c) => c.namesA).length} name one of A's resources)`);
  });

  it("refuses B on A's resources, never shows A's data, and never changes A's rows", async () => {
    const { a } = world;
    const secretsOfA = [
      a.id,
      a.packageId,
      a.addOnId,
      a.blackoutId,
      a.draftId,
      a.proposalId,
      a.bookingId,
      a.sessionId,
      a.webhookEndpointId,
      a.webhookDeliveryId,
      a.packageSlug,
      a.adminEmail,
      a.publicKey,
      a.secretKey,
      `bride@${a.slug}.test`,
    ];
    const failures: string[] = [];
    for (const cell of cells) {
      const request = requestOf(cell);
      const beforeA = await world.snapshot(a.id);
      const beforeAll = await world.snapshot();
      const res = await world.send(request);
      const label = `${cell.caller} ${request.method} ${request.url} → ${res.statusCode}`;
      if (cell.namesA && !cell.refusedWith.includes(res.statusCode))
        failures.push(`${label}: expected ${cell.refusedWith.join('/')} (${res.body.slice(0, 160)})`);
      if (res.statusCode >= 500) failures.push(`${label}: 5xx`);
      const leaked = secretsOfA.filter((secret) => res.body.includes(secret) && !request.url.includes(secret) && !(request.payload ?? '').includes(secret));
      if (leaked.length) failures.push(`${label}: shows A's ${leaked.join(', ')}`);
      if ((await world.snapshot(a.id)) !== beforeA) failures.push(`${label}: changed A's rows`);
      if (res.statusCode >= 400 && (await world.snapshot()) !== beforeAll) failures.push(`${label}: refused but changed the database`);
    }
    expect(failures).toEqual([]);
  });
});
