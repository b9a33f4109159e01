import 'reflect-metadata';
import { loadSettings, SettingsError } from '@mais/settings';
import { migrateDatabaseAt } from '../migrate';

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL and exits. */
async function main(): Promise<void> {
  const settings = loadSettings();
  if (!settings.databaseUrl) throw new SettingsError('DATABASE_URL is required to run migrations');
  const applied = await migrateDatabaseAt(settings.databaseUrl);
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'database is up to date');
}

main().catch((error: Error) => {
  console.error(error instanceof SettingsError ? error.message : `migration failed: ${error.message}`);
  process.exit(1);
});
