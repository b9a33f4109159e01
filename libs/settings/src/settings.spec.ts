import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings, SettingsError } from './settings';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/mais',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'x'.repeat(40),
  TENANT_SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
  STRIPE_SECRET_KEY: 'sk_live_production',
  STRIPE_WEBHOOK_SECRET: 'whsec_production',
};

describe('loadSettings', () => {
  it.each(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'TENANT_SECRETS_ENCRYPTION_KEY'])('stops production boot naming a missing %s', (name) => {
    const env: Record<string, string | undefined> = { ...production, [name]: undefined };
    expect(() => loadSettings(env)).toThrow(new RegExp(`^${name} is required in production`));
  });

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

  it('believes no proxy unless TRUST_PROXY names hops or addresses', () => {
    const dev = { DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-settings-')) };
    expect(loadSettings(production).trustProxy).toBe(false);
    expect(loadSettings({ ...dev, TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadSettings({ ...dev, TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadSettings({ ...dev, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    for (const bad of ['true', '0', '11', 'proxy.example.com']) {
      expect(() => loadSettings({ ...dev, TRUST_PROXY: bad })).toThrow(/^TRUST_PROXY is malformed/);
    }
  });

  it('serves Swagger UI by default outside production only', () => {
    const dev = { DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-settings-')) };
    expect(loadSettings(production).docsUi).toBe(false);
    expect(loadSettings({ ...production, DOCS_UI: 'true' }).docsUi).toBe(true);
    expect(loadSettings(dev).docsUi).toBe(true);
    expect(() => loadSettings({ ...dev, DOCS_UI: 'yes' })).toThrow(/^DOCS_UI is malformed: true or false$/);
  });

  describe('payments', () => {
    const tempDir = () => mkdtempSync(join(tmpdir(), 'mais-settings-'));

    it('takes real payments in production when both Stripe settings are set', () => {
      const settings = loadSettings(production);
      expect(settings.simulatedPayments).toBe(false);
      expect(settings.stripeWebhookSecret).toBe('whsec_production');
    });

    it.each([
      [{ STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined }],
      [{ STRIPE_SECRET_KEY: undefined }],
      [{ STRIPE_SECRET_KEY: '  ', SIMULATED_PAYMENTS: 'false' }],
    ])('refuses to boot production without a Stripe secret key, naming both Stripe settings (%o)', (change) => {
      expect(() => loadSettings({ ...production, ...change })).toThrow(
        /^STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET are required in production \(or SIMULATED_PAYMENTS=true/,
      );
    });

    it('refuses to boot production with a Stripe key but no webhook secret', () => {
      expect(() => loadSettings({ ...production, STRIPE_WEBHOOK_SECRET: undefined })).toThrow(/^STRIPE_WEBHOOK_SECRET is required/);
    });

    it('simulates payments in production only on the explicit opt-in, with a random secret kept under DATA_DIR', () => {
      const dir = tempDir();
      const env = { ...production, STRIPE_SECRET_KEY: undefined, STRIPE_WEBHOOK_SECRET: undefined, SIMULATED_PAYMENTS: 'true', DATA_DIR: dir };
      const first = loadSettings(env);
      expect(first.simulatedPayments).toBe(true);
      expect(first.stripeWebhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
      // Not derived from another secret: nothing of the encryption key or the JWT secret is in it.
      expect(first.stripeWebhookSecret).not.toContain('ab'.repeat(8));
      expect(first.stripeWebhookSecret).not.toContain('x'.repeat(8));
      const kept = JSON.parse(readFileSync(join(dir, 'dev-secrets.json'), 'utf8'));
      expect(kept).toEqual({ stripeWebhookSecret: first.stripeWebhookSecret });
      expect(loadSettings(env).stripeWebhookSecret).toBe(first.stripeWebhookSecret);
      // Another data directory, another secret.
      expect(loadSettings({ ...env, DATA_DIR: tempDir() }).stripeWebhookSecret).not.toBe(first.stripeWebhookSecret);
      expect(loadSettings({ ...env, STRIPE_WEBHOOK_SECRET: 'whsec_given' }).stripeWebhookSecret).toBe('whsec_given');
    });

    it('simulates payments by default outside production, with a generated secret', () => {
      const settings = loadSettings({ NODE_ENV: 'development', DATA_DIR: tempDir() });
      expect(settings.simulatedPayments).toBe(true);
      expect(settings.stripeWebhookSecret).toMatch(/^whsec_[0-9a-f]{48}$/);
      expect(loadSettings({ NODE_ENV: 'development', DATA_DIR: tempDir(), STRIPE_SECRET_KEY: 'sk_test_1' }).simulatedPayments).toBe(false);
    });

    it('refuses contradictory or malformed payment settings', () => {
      const dev = { NODE_ENV: 'development', DATA_DIR: tempDir() };
      expect(() => loadSettings({ ...dev, SIMULATED_PAYMENTS: 'yes' })).toThrow(/^SIMULATED_PAYMENTS is malformed: true or false$/);
      expect(() => loadSettings({ ...dev, SIMULATED_PAYMENTS: 'true', STRIPE_SECRET_KEY: 'sk_test_1' })).toThrow(
        /^SIMULATED_PAYMENTS=true and STRIPE_SECRET_KEY exclude each other/,
      );
      expect(() => loadSettings({ ...dev, SIMULATED_PAYMENTS: 'false' })).toThrow(/^STRIPE_SECRET_KEY is required when SIMULATED_PAYMENTS=false/);
    });
  });

  describe('metrics and queue concurrency', () => {
    it('reads the metrics token, the worker metrics port and per-queue concurrency', () => {
      const settings = loadSettings({ ...production, METRICS_TOKEN: 't'.repeat(32), METRICS_PORT: '9464', JOB_CONCURRENCY_WEBHOOKS: '25' });
      expect(settings.metricsToken).toBe('t'.repeat(32));
      expect(settings.metricsPort).toBe(9464);
      expect(settings.jobConcurrency).toEqual({ webhooks: 25, emails: undefined, calendar: undefined });
    });

    it('leaves them unset by default', () => {
      const settings = loadSettings(production);
      expect([settings.metricsToken, settings.metricsPort, settings.jobConcurrency]).toEqual([
        undefined,
        undefined,
        { webhooks: undefined, emails: undefined, calendar: undefined },
      ]);
    });

    it.each([
      ['METRICS_TOKEN', 'short', /^METRICS_TOKEN is malformed: at least 16 characters/],
      ['METRICS_PORT', '0', /^METRICS_PORT is malformed/],
      ['JOB_CONCURRENCY_EMAILS', '0', /^JOB_CONCURRENCY_EMAILS is malformed/],
      ['JOB_CONCURRENCY_CALENDAR', 'many', /^JOB_CONCURRENCY_CALENDAR is malformed/],
    ])('refuses a malformed %s', (name, value, message) => {
      expect(() => loadSettings({ ...production, [name]: value })).toThrow(message);
    });
  });

  describe('outbound webhooks and Connect', () => {
    it('allows only public https endpoints in production, local receivers elsewhere', () => {
      expect(loadSettings(production).webhookUrlPolicy).toBe('strict');
      expect(loadSettings({ NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'mais-settings-')) }).webhookUrlPolicy).toBe('local');
      expect(() => loadSettings({ ...production, WEBHOOK_URLS: 'local' })).toThrow(/^WEBHOOK_URLS=local is refused in production/);
      expect(() => loadSettings({ ...production, WEBHOOK_URLS: 'open' })).toThrow(/^WEBHOOK_URLS is malformed: strict or local/);
    });

    it('reads the delivery bounds and the Connect account type, refusing values out of range', () => {
      const settings = loadSettings(production);
      expect([settings.webhookDeliveryTimeoutMs, settings.webhookDeliveryAttempts, settings.stripeConnectAccountType]).toEqual([10_000, undefined, 'express']);
      const custom = loadSettings({
        ...production,
        WEBHOOK_DELIVERY_ATTEMPTS: '3',
        STRIPE_CONNECT_ACCOUNT_TYPE: 'standard',
        STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_c',
      });
      expect([custom.webhookDeliveryAttempts, custom.stripeConnectAccountType, custom.stripeConnectWebhookSecret]).toEqual([3, 'standard', 'whsec_c']);
      expect(() => loadSettings({ ...production, WEBHOOK_DELIVERY_ATTEMPTS: '21' })).toThrow(/^WEBHOOK_DELIVERY_ATTEMPTS is malformed/);
      expect(() => loadSettings({ ...production, WEBHOOK_DELIVERY_TIMEOUT_MS: '50' })).toThrow(/^WEBHOOK_DELIVERY_TIMEOUT_MS is malformed/);
      expect(() => loadSettings({ ...production, STRIPE_CONNECT_ACCOUNT_TYPE: 'premium' })).toThrow(/^STRIPE_CONNECT_ACCOUNT_TYPE is malformed/);
    });
  });
});
