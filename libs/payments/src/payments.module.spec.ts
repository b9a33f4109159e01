import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PaymentProvider } from '@mais/domain';
import { loadSettings, Settings, SettingsModule } from '@mais/settings';
import { PaymentsModule, SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING } from './payments.module';

/** A logger that keeps what it is given, so the test reads the boot log. */
class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log(message: string) {
    this.lines.push({ level: 'log', message });
  }
  warn(message: string) {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
}

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db:5432/mais',
  REDIS_URL: 'redis://redis:6379',
  JWT_SECRET: 'x'.repeat(40),
  TENANT_SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
};

async function boot(settings: Settings): Promise<{ warnings: string[]; provider: PaymentProvider }> {
  @Module({ imports: [SettingsModule.forRoot(settings), PaymentsModule] })
  class BootModule {}
  const logger = new RecordingLogger();
  const app = await NestFactory.createApplicationContext(BootModule, { logger });
  try {
    return { warnings: logger.lines.filter((line) => line.level === 'warn').map((line) => line.message), provider: app.get(PaymentProvider) };
  } finally {
    await app.close();
  }
}

describe(PaymentsModule.name, () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'mais-payments-'));

  it('warns at every boot of a production process with simulated payments', async () => {
    const settings = loadSettings({ ...production, SIMULATED_PAYMENTS: 'true', DATA_DIR: dataDir() });
    for (let boots = 0; boots < 2; boots++) {
      const { warnings, provider } = await boot(settings);
      expect(provider.simulated).toBe(true);
      expect(warnings).toEqual([SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING]);
    }
    expect(SIMULATED_PAYMENTS_IN_PRODUCTION_WARNING).toMatch(/^SIMULATED_PAYMENTS=true in production: no money is taken/);
  });

  it('stays quiet with Stripe in production, and with simulated payments outside production', async () => {
    const stripe = await boot(loadSettings({ ...production, STRIPE_SECRET_KEY: 'sk_live_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }));
    expect(stripe.provider.simulated).toBe(false);
    expect(stripe.warnings).toEqual([]);
    const development = await boot(loadSettings({ NODE_ENV: 'development', DATA_DIR: dataDir() }));
    expect(development.provider.simulated).toBe(true);
    expect(development.warnings).toEqual([]);
  });
});
