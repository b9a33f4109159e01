import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OpenAPIObject } from '@nestjs/swagger';
import { createTestApp, TestApp } from './support/harness';

const PROBLEM = 'application/problem+json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Issue 10, item 7: the OpenAPI document and the server agree, and every error is problem+json. */
describe('the contract says what the server does', () => {
  let t: TestApp;
  let doc: OpenAPIObject;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.app.inject({ method: 'GET', url: '/docs-json' })).json();
  });
  afterAll(() => t?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((method) => ({ path, method, op: (item as Record<string, any>)[method] })),
    );

  it('answers a known path with the wrong method with 405 problem+json and Allow', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/admin/login' });
    expect([res.statusCode, res.headers['content-type'], res.headers.allow]).toEqual([405, expect.stringContaining(PROBLEM), 'POST']);
    expect(res.json()).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED', title: 'Method Not Allowed' });
    const withId = await t.app.inject({ method: 'PUT', url: '/v1/admin/packages/5b0c1f3e-8a8e-4c4e-9d0a-3f1d2b7c9e11' });
    expect([withId.statusCode, withId.headers.allow]).toEqual([405, 'DELETE, GET, PATCH']);
  });

  it.each([
    ['a malformed %-escape', '/v1/admin/packages/%E0%A4%A', 400, 'VALIDATION_FAILED'],
    ['an over-long path segment', `/v1/admin/packages/${'x'.repeat(300)}`, 414, 'URI_TOO_LONG'],
  ])('answers %s in the path as problem+json (found by the fuzz suite)', async (_, url, status, code) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect([res.statusCode, res.headers['content-type'], res.json().code]).toEqual([status, expect.stringContaining(PROBLEM), code]);
    expect(res.headers['x-request-id']).toBe(res.json().requestId);
  });

  it('still answers an unknown path with 404', async () => {
    const res = await t.app.inject({ method: 'DELETE', url: '/v1/admin/nothing' });
    expect([res.statusCode, res.json().code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers headers too large with 431 problem+json', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/health', headers: { 'x-big': 'a'.repeat(20_000) } }, (r) => {
        let body = '';
        r.on('data', (c) => (body += c)).on('end', () => resolve({ status: r.statusCode!, type: String(r.headers['content-type']), body }));
      });
      req.on('error', reject).end();
    });
    expect([res.status, res.type]).toEqual([431, PROBLEM]);
    expect(JSON.parse(res.body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE', title: 'Request Header Fields Too Large' });
  });

  it('declares every UUID path id as format uuid', async () => {
    const ids = operations().flatMap(({ path, op }) =>
      (op.parameters ?? [])
        .filter((p: any) => p.in === 'path' && /(^id|Id)$/.test(p.name) && p.name !== 'sessionId' && p.name !== 'accountId')
        .map((p: any) => [path, p]),
    );
    expect(ids.length).toBeGreaterThan(10);
    for (const [, parameter] of ids) expect(parameter.schema).toEqual({ type: 'string', format: 'uuid' });
  });

  it('refuses unknown fields in every request body schema (additionalProperties: false)', () => {
    const bodies = operations().filter(({ op }) => op.requestBody?.content?.['application/json']?.schema?.$ref);
    expect(bodies.length).toBeGreaterThan(15);
    for (const { op } of bodies) {
      const name = op.requestBody.content['application/json'].schema.$ref.split('/').pop();
      expect([name, (doc.components!.schemas![name] as any).additionalProperties]).toEqual([name, false]);
    }
  });

  it('gives every required request string a minLength', () => {
    const schemas = doc.components!.schemas as Record<string, any>;
    const loose = Object.entries(schemas)
      .filter(([, s]) => s.additionalProperties === false && s.properties)
      .flatMap(([name, s]) =>
        (s.required ?? [])
          .filter(
            (key: string) =>
              s.properties[key]?.type === 'string' && !s.properties[key].enum && !s.properties[key].format && s.properties[key].minLength === undefined,
          )
          .map((key: string) => `${name}.${key}`),
      );
    expect(loose).toEqual([]);
  });

  it('documents 400, 413 and 415 on every operation with a body, and marks public operations security: []', () => {
    for (const { path, method, op } of operations()) {
      if (op.requestBody) expect([path, method, ...['400', '413', '415'].map((s) => s in op.responses)]).toEqual([path, method, true, true, true]);
      expect([path, method, Array.isArray(op.security)]).toEqual([path, method, true]);
    }
    expect(doc.paths['/health'].get!.security).toEqual([]);
    expect(doc.paths['/v1/admin/login'].post!.security).toEqual([]);
  });

  it('shows each error status with its own example', () => {
    const responses = doc.components!.responses as Record<string, any>;
    const examples = Object.entries(responses).map(([name, r]) => [name, r.content[PROBLEM].example.status, r.content[PROBLEM].example.code]);
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const [name, status] of examples) expect(name).toBe(`Problem${status}`);
    expect(new Set(examples.map(([, , code]) => code)).size).toBe(examples.length);
  });
});
