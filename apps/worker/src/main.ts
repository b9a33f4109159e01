import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { Metrics, startMetricsServer } from '@mais/runtime';
import { loadSettings, SettingsError } from '@mais/settings';
import { WorkerAppModule } from './worker-app.module';

/** `npm run start:worker`: takes jobs from the queues; on SIGTERM stops taking jobs and finishes the active ones. */
async function main(): Promise<void> {
  const settings = loadSettings();
  if (!settings.redisUrl) throw new SettingsError('REDIS_URL is required for a separate worker process (npm start runs jobs in-process)');
  const app = await NestFactory.createApplicationContext(WorkerAppModule.forRoot(settings), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  if (settings.metricsPort !== undefined) {
    const { server, port } = await startMetricsServer(app.get(Metrics), settings.metricsPort, settings.host);
    // Closed first on SIGTERM so a scrape during shutdown fails fast; the process exits after the hooks.
    process.once('SIGTERM', () => server.close());
    console.log(`MAIS worker running (metrics on :${port}/metrics)`);
  } else {
    console.log('MAIS worker running');
  }
}

main().catch((error: Error) => {
  console.error(error instanceof SettingsError ? error.message : `MAIS worker failed to start: ${error.stack ?? error.message}`);
  process.exit(1);
});
