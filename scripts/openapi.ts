/**
 * `npm run openapi`: writes the OpenAPI document, generated from the API's controllers and DTOs, to
 * clients/agent/openapi.json, then the agent client's types (clients/agent/schema.d.ts) from it.
 * `npm run openapi:check` (and apps/api/test/openapi.e2e-spec.ts) fails when either is out of date.
 *
 * The document is built from a Nest app created in preview mode: modules and controllers are scanned
 * but no provider is instantiated, so no database, Redis or secret is needed.
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadSettings } from '@mais/settings';
import { AppModule } from '../apps/api/src/app.module';
import { createOpenApiDocument } from '../apps/api/src/openapi';

export const ROOT = join(__dirname, '..');
export const OPENAPI_FILE = join(ROOT, 'clients/agent/openapi.json');

/** Fixed, fake settings: the document must not depend on the machine it is generated on. */
const DOCUMENT_ENV = {
  NODE_ENV: 'test',
  DATABASE_URL: 'postgresql://openapi@127.0.0.1:1/openapi',
  JWT_SECRET: 'openapi-document-generation-only-not-a-secret',
  TENANT_SECRETS_ENCRYPTION_KEY: '0'.repeat(64),
  STRIPE_WEBHOOK_SECRET: 'whsec_openapi_document',
  LOG_LEVEL: 'silent',
};

export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const settings = loadSettings({ ...DOCUMENT_ENV, DATA_DIR: join(ROOT, '.data/openapi') });
  const app = await NestFactory.create(AppModule.forRoot(settings), new FastifyAdapter(), { preview: true, logger: false, abortOnError: false });
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

/** The committed form: stable key order as generated, two-space indent, final newline. */
export function serialiseDocument(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const generated = serialiseDocument(await buildOpenApiDocument());
  const committed = (() => {
    try {
      return readFileSync(OPENAPI_FILE, 'utf8');
    } catch {
      return null;
    }
  })();
  if (check) {
    if (committed !== generated) {
      console.error('clients/agent/openapi.json is out of date with the code: run `npm run openapi` and commit the result');
      process.exit(1);
    }
  } else if (committed !== generated) {
    writeFileSync(OPENAPI_FILE, generated);
    console.log('wrote clients/agent/openapi.json');
  }
  const types = spawnSync(process.execPath, [join(ROOT, 'scripts/openapi-types.mjs'), ...(check ? ['--check'] : [])], { stdio: 'inherit' });
  process.exit(types.status ?? 1);
}

if (require.main === module) {
  main().catch((error: Error) => {
    console.error(`openapi: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
