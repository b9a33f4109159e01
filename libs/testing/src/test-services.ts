import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { migrateDatabaseAt } from '@mais/database';
import { loadSettings, type Settings } from '@mais/settings';

/** The PostgreSQL server found by the jest global setup (a real server, or an embedded one). */
export function testDatabaseServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.mjs)');
  return url;
}

/** The Redis found by the global setup, or undefined when none answers (Redis-only suites skip). */
export function testRedisUrl(): string | undefined {
  return process.env.TEST_REDIS_URL || undefined;
}

/** `describe` for suites that need Redis: skipped, loudly, when the run has none (never under REQUIRE_SERVICES=1). */
export const describeWithRedis: jest.Describe = (testRedisUrl() ? describe : describe.skip) as jest.Describe;

/** Creates a fresh database with all migrations applied, for one suite; returns its URL. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = testDatabaseServerUrl();
  const name = `mais_test_${process.env.TEST_RUN_ID ?? 'x'}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrateDatabaseAt(url.toString());
  return url.toString();
}

/**
 * Settings for one suite: a fresh migrated database (createTestDatabase), generated secrets and silent logs;
 * `env` adds or overrides variables (DATA_DIR, REDIS_URL…).
 */
export async function createTestSettings(env: Record<string, string> = {}): Promise<Settings> {
  return loadSettings({
    NODE_ENV: 'test',
    DATABASE_URL: await createTestDatabase(),
    JWT_SECRET: randomBytes(32).toString('hex'),
    TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    ...env,
  });
}
