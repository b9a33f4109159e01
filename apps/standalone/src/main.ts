import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from '@nestjs/common';
import { migrateDatabaseAt } from '@mais/database';
import { loadSettings, Settings, SettingsError } from '@mais/settings';
import { createApiApp } from '../../api/src/app.factory';
import { WorkerModule } from '../../worker/src/worker.module';
import { DemoAccess, seedDemo } from './demo-seed';

/**
 * `npm start`'s single process: migrations, the API and the worker together, the demo data, and a banner
 * saying how to use it. scripts/start.mjs provides the database (embedded unless DATABASE_URL is set).
 */
export async function startStandalone(settings: Settings = loadSettings()): Promise<NestFastifyApplication> {
  if (!settings.databaseUrl) throw new SettingsError('DATABASE_URL is not set (scripts/start.mjs provides an embedded database)');
  await migrateDatabaseAt(settings.databaseUrl);
  const app = await createApiApp(settings, { worker: WorkerModule });
  const demo = await seedDemo(app);
  await app.listen({ port: settings.port, host: settings.host });
  await flushLogs();
  console.log(banner(settings, demo));
  return app;
}

/**
 * Boot's log lines wait in Nest's buffer until the server listens, then in pino's asynchronous writes to
 * stdout: flush the first and give the second a moment, so the banner printed next is the last thing on screen.
 */
async function flushLogs(): Promise<void> {
  Logger.flush();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

function banner(settings: Settings, demo: DemoAccess): string {
  const url = settings.publicUrl;
  const lines = [
    '',
    '  MAIS is running',
    `    API          ${url}`,
    `    Widget       ${url}/widget?tenant=${demo.tenantSlug}   (embed: <script src="${url}/embed.js" data-tenant="${demo.tenantSlug}" async></script>)`,
    `    Swagger UI   ${url}/docs   (OpenAPI: ${url}/docs-json)`,
    `    Queues       ${settings.redisUrl ? `BullMQ on ${new URL(settings.redisUrl).host}` : 'in-process (set REDIS_URL for BullMQ)'}`,
    `    Payments     ${settings.simulatedPayments ? 'simulated (checkoutUrl opens a local Pay page)' : 'Stripe'}`,
    `    Email        ${settings.postmarkServerToken ? 'Postmark' : `files in ${settings.dataDir}/emails`}`,
    '',
    `  Demo tenant "${demo.tenantSlug}"`,
    `    public key (widget, X-Tenant-Key):    ${demo.publicKey}`,
    `    secret key (agents, Bearer):          ${demo.secretKey}`,
    `    tenant admin login:                   ${demo.adminEmail} / ${demo.adminPassword ?? '(see .data/demo-credentials.json)'}`,
    ...(settings.platformAdminEmail ? [`    platform admin login:                 ${settings.platformAdminEmail} / (PLATFORM_ADMIN_PASSWORD)`] : []),
    '',
    '  Try it',
    `    curl -H 'X-Tenant-Key: ${demo.publicKey}' ${url}/v1/packages`,
    `    curl -X POST ${url}/v1/admin/login -H 'content-type: application/json' -d '{"email":"${demo.adminEmail}","password":"${demo.adminPassword ?? '…'}"}'`,
    '',
  ];
  return lines.join('\n');
}

if (require.main === module) {
  startStandalone().catch((error: Error) => {
    console.error(error instanceof SettingsError ? error.message : `MAIS failed to start: ${error.stack ?? error.message}`);
    process.exit(1);
  });
}
