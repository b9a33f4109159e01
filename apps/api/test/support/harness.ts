import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { MikroORM } from '@mikro-orm/core';
import { UserRole } from '@mais/domain';
import { loadSettings, Settings } from '@mais/settings';
import { TenantService, UserService, TenantScope } from '@mais/tenancy';
import { createTestDatabase, testRedisUrl } from '@mais/testing';
import { createApiApp } from '../../src/app.factory';

export interface TestApp {
  app: NestFastifyApplication;
  settings: Settings;
  orm: MikroORM;
  close(): Promise<void>;
}

export interface TestAppOptions {
  redis?: boolean;
  env?: Record<string, string>;
  /** Run the job processors in the same process (apps/standalone tests pass WorkerModule). */
  worker?: Type;
}

/** The real API on a fresh, migrated database (and real Redis when asked), driven through Fastify's inject. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = await createTestDatabase();
  const settings = loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    ...(options.redis ? { REDIS_URL: testRedisUrl()!, QUEUE_PREFIX: `mais-test-${randomBytes(4).toString('hex')}` } : {}),
    JOB_BACKOFF_BASE_MS: '20',
    WEBHOOK_SWEEP_INTERVAL_MS: '500',
    JWT_SECRET: randomBytes(32).toString('hex'),
    TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    STRIPE_WEBHOOK_SECRET: 'whsec_test_' + randomBytes(16).toString('hex'),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-test-')),
    LOG_LEVEL: 'silent',
    // Suites make many checkouts for one customer; the hold limits have their own suite (limits.e2e-spec).
    HOLDS_PER_CLIENT_PER_HOUR: '100000',
    HOLDS_PER_EMAIL_PER_HOUR: '100000',
    ...options.env,
  });
  const app = await createApiApp(settings, { logger: false, worker: options.worker });
  const orm = app.get(MikroORM);
  return { app, settings, orm, close: () => app.close() };
}

export interface SeededTenant {
  id: string;
  slug: string;
  publicKey: string;
  secretKey: string;
}

/** Creates a tenant through the platform services (outside any request), returning its keys. */
export async function seedTenant(t: TestApp, slug: string, commissionPercent = 12.5): Promise<SeededTenant> {
  const scope = t.app.get(TenantScope);
  return scope.runUnscoped(async () => {
    const { tenant, keys } = await t.app.get(TenantService).create({ name: `Tenant ${slug}`, slug, commissionPercent });
    return { id: tenant.id, slug, ...keys };
  });
}

export async function seedUser(t: TestApp, email: string, password: string, role: UserRole, tenantId?: string): Promise<void> {
  await t.app.get(TenantScope).runUnscoped(() => t.app.get(UserService).create({ email, password, role, tenantId }));
}

export async function loginToken(t: TestApp, email: string, password: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/admin/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return res.json().token;
}
