import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from './settings';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/mais',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'x'.repeat(40),
  TENANT_SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
};

describe('loadSettings', () => {
  it.each(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'TENANT_SECRETS_ENCRYPTION_KEY'])(
    'stops production boot naming a missing %s',
    (name) => {
      const env: Record<string, string | undefined> = { ...production, [name]: undefined };
      expect(() => loadSettings(env)).toThrow(new RegExp(`^${name} is required in production`));
    },
  );

  it.each([
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not a url'],
    ['JWT_SECRET', 'short'],
    ['TENANT_SECRETS_ENCRYPTION_KEY', 'zz'.repeat(32)],
    ['CACHE_LOCAL_COPY_MB', '-1'],
  ])('stops production boot naming a malformed %s', (name, value) => {
    expect(() => loadSettings({ ...production, [name]: value })).toThrow(new RegExp(`^${name} is malformed`));
  });

  it('gives a one-line message', () => {
    try {
      loadSettings({ ...production, JWT_SECRET: undefined });
    } catch (error) {
      expect(error).toBeInstanceOf(SettingsError);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('generates development secrets once and keeps them under the data directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mais-settings-'));
    const first = loadSettings({ NODE_ENV: 'development', DATA_DIR: dir });
    const second = loadSettings({ NODE_ENV: 'development', DATA_DIR: dir });
    expect(first.jwtSecret).toHaveLength(64);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(first.tenantSecretsEncryptionKey).toHaveLength(32);
    expect(first.databaseUrl).toBeUndefined();
  });

  it('reads the local copy budget of the Redis cache in MiB, 32 by default and 0 for none', () => {
    expect(loadSettings(production).cacheLocalCopyBytes).toBe(32 * 1024 * 1024);
    expect(loadSettings({ ...production, CACHE_LOCAL_COPY_MB: '0' }).cacheLocalCopyBytes).toBe(0);
    expect(loadSettings({ ...production, CACHE_LOCAL_COPY_MB: '256' }).cacheLocalCopyBytes).toBe(256 * 1024 * 1024);
  });
});
