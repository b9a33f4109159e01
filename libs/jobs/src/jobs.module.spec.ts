import { loadSettings } from '@mais/settings';
import { queueOverrides } from './jobs.module';
import { resolveQueueSettings } from './queue-options';

const base = {
  NODE_ENV: 'test',
  DATA_DIR: '/tmp/mais-jobs-module-spec',
  JWT_SECRET: 'x'.repeat(40),
  TENANT_SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
  STRIPE_WEBHOOK_SECRET: 'whsec_test',
};

describe('queueOverrides', () => {
  it('keeps the default concurrency of every queue without settings', () => {
    const resolved = resolveQueueSettings(queueOverrides(loadSettings(base)));
    expect([resolved.webhooks.concurrency, resolved.emails.concurrency, resolved.calendar.concurrency]).toEqual([64, 5, 2]);
  });

  it('applies JOB_CONCURRENCY_<QUEUE> to that queue only, next to the backoff override', () => {
    const resolved = resolveQueueSettings(queueOverrides(loadSettings({ ...base, JOB_CONCURRENCY_WEBHOOKS: '32', JOB_BACKOFF_BASE_MS: '20' })));
    expect(resolved.webhooks).toMatchObject({ concurrency: 32, backoffDelayMs: 20 });
    expect(resolved.emails).toMatchObject({ concurrency: 5, backoffDelayMs: 20 });
  });

  it('delivers to tenants 12 times over about 34 hours by default; WEBHOOK_DELIVERY_ATTEMPTS changes that queue only', () => {
    const defaults = resolveQueueSettings(queueOverrides(loadSettings(base)))['tenant-webhooks'];
    expect(defaults).toMatchObject({ attempts: 12, backoffDelayMs: 60_000 });
    // The waits between attempts: 1, 2, 4 … 1,024 minutes.
    const minutes = Array.from({ length: defaults.attempts - 1 }, (_, i) => (2 ** i * defaults.backoffDelayMs) / 60_000);
    expect(minutes.reduce((a, b) => a + b, 0)).toBe(2_047);
    const resolved = resolveQueueSettings(queueOverrides(loadSettings({ ...base, WEBHOOK_DELIVERY_ATTEMPTS: '3', JOB_CONCURRENCY_TENANT_WEBHOOKS: '4' })));
    expect(resolved['tenant-webhooks']).toMatchObject({ attempts: 3, concurrency: 4 });
    expect(resolved.webhooks.attempts).toBe(8);
  });
});
