import 'reflect-metadata';
import { loadSettings, SettingsError } from '@mais/settings';
import { createApiApp } from './app.factory';

/** `npm run start:api`: the HTTP API alone (production runs the worker as its own process). */
async function main(): Promise<void> {
  const settings = loadSettings();
  const app = await createApiApp(settings);
  await app.listen({ port: settings.port, host: settings.host });
  console.log(`MAIS API listening on ${settings.publicUrl} (docs: ${settings.publicUrl}/docs)`);
}

main().catch((error: Error) => {
  console.error(error instanceof SettingsError ? error.message : `MAIS API failed to start: ${error.stack ?? error.message}`);
  process.exit(1);
});
