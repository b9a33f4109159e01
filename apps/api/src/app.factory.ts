import type { IncomingMessage } from 'node:http';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoLogger } from 'nestjs-pino';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@mais/domain';
import { Metrics } from '@mais/runtime';
import { Settings } from '@mais/settings';
import { RequestTenancy } from '@mais/tenancy';
import { AppModule } from './app.module';
import { registerAllowedMethods } from './common/allowed-methods';
import { clientErrorHandler } from './common/client-errors';
import { SEND_JSON_BODY, toProblem } from './common/problem';
import { sendProblem } from './common/problem.filter';
import { assertJsonDepth, registerInputBounds } from './common/input-bounds';
import { requestIdOf } from './common/request-id';
import { securityHeaders } from './common/security-headers';
import { createOpenApiDocument, setUpSwagger } from './openapi';

/** Routes whose JSON body is checked against a signature over its exact bytes. */
const RAW_BODY_ROUTES = new Set(['/v1/webhooks/stripe']);

/**
 * JSON bodies: bounded in depth, parsed with Fastify's poisoning-safe parser, a parse failure reported as
 * MALFORMED_JSON; signed routes get the raw bytes instead.
 */
function registerJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  // JSON is the only body the API takes (the queue dashboard adds its form in its own scope): a text body
  // is a 415 naming application/json, not a string that fails validation field by field. An empty one is
  // what the simulated payment page's buttons post (a form without fields), so it is let through.
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) =>
    body.length === 0 ? done(null, undefined) : done(new DomainError('UNSUPPORTED_MEDIA_TYPE', SEND_JSON_BODY), undefined),
  );
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    // Signed routes verify the raw bytes and parse them themselves: a body that is not JSON is then a bad
    // signature (INVALID_SIGNATURE), not a client's MALFORMED_JSON, and nothing else keeps the bytes.
    if (RAW_BODY_ROUTES.has(request.routeOptions.url ?? '')) {
      request.rawBody = raw;
      return done(null, undefined);
    }
    if (raw.length === 0) return done(null, undefined);
    const text = raw.toString('utf8');
    try {
      assertJsonDepth(text);
    } catch (error) {
      return done(error as Error, undefined);
    }
    void parse(request, text, (error, value) =>
      error ? done(new DomainError('MALFORMED_JSON', 'The request body is not valid JSON'), undefined) : done(null, value),
    );
  });
}

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
}

/** Builds the HTTP app (used by main.ts and by the e2e tests), initialised but not listening. */
export async function createApiApp(settings: Settings, options: { logger?: boolean; worker?: Type } = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: settings.bodyLimitBytes,
    // Only the configured proxies may name the client (TRUST_PROXY); by default X-Forwarded-For is ignored.
    trustProxy: settings.trustProxy,
    clientErrorHandler,
    // Errors of routing itself (a malformed %-escape, an over-long path segment), before any hook runs.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply.header('x-request-id', request.id);
      sendProblem(reply, toProblem(error, String(request.id)));
    },
    genReqId: (req: IncomingMessage) => {
      const id = requestIdOf(req);
      (req as IncomingMessage & { id: string }).id = id;
      return id;
    },
  });
  const fastify = adapter.getInstance();
  registerJsonParser(fastify);
  registerInputBounds(fastify);
  registerAllowedMethods(fastify);
  const headers = await securityHeaders();
  // A callback hook, not an async one: no promise per request for setting a few constant headers.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    reply.headers(headers);
    done();
  });

  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(settings, { worker: options.worker }), adapter, {
    bodyParser: false,
    bufferLogs: true,
    abortOnError: false,
  });
  if (options.logger !== false) app.useLogger(app.get(PinoLogger));
  else app.useLogger(false);
  // Each request is a unit of work with its own EntityManager fork (made on first use) and tenant
  // (RequestTenancy, ADR 0023): a hook, since the guard already needs it. Added before app.init(), so it
  // precedes every plugin that modules register (the queue dashboard's routes too).
  fastify.addHook('onRequest', app.get(RequestTenancy).onRequest);

  // Request metrics by route pattern (`/v1/packages/:id`, never the raw URL: bounded label values); an
  // unmatched URL counts as `unmatched`. Fastify already timed the request: nothing is allocated for it.
  const metrics = app.get(Metrics);
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.recordRequest(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });

  app.enableCors({
    origin: settings.corsOrigins.includes('*') ? true : settings.corsOrigins,
    // Every method the API routes, so a console on an allowed origin can edit and delete, not only read.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Tenant-Key', 'X-Tenant-Id', 'Idempotency-Key', 'X-Request-Id'],
    maxAge: 600,
  });
  app.enableShutdownHooks();
  setUpSwagger(app, createOpenApiDocument(app), { ui: settings.docsUi });
  await app.init();
  return app;
}
