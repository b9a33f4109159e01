import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DomainError } from '@mais/domain';
import { loadSettings, Settings, SettingsError } from '@mais/settings';
import { CliModule } from './cli.module';
import { runCommand, USAGE, UsageError } from './commands';

/** Outside production, fall back to the embedded database a running `npm start` recorded under .data/. */
function withEmbeddedDatabase(settings: Settings): { settings: Settings; embedded: boolean } {
  const file = join(settings.dataDir, 'embedded-postgres.json');
  if (settings.databaseUrl || settings.isProduction || !existsSync(file)) return { settings, embedded: false };
  const { url } = JSON.parse(readFileSync(file, 'utf8')) as { url: string };
  return { settings: new Settings({ ...settings, databaseUrl: url }), embedded: true };
}

/** A database that does not answer: with the embedded one, the likely reason is that npm start is not running. */
export function unreachableDatabaseMessage(error: unknown, embedded: boolean): string | undefined {
  const code = (error as { code?: unknown }).code;
  if (code !== 'ECONNREFUSED' && !/ECONNREFUSED/.test((error as Error).message ?? '')) return undefined;
  return embedded
    ? 'Cannot reach the embedded database of npm start: is `npm start` running? (or set DATABASE_URL)'
    : `Cannot reach the database at DATABASE_URL (${(error as Error).message})`;
}

/** `npm run cli -- <group> <action> [--json]`: operator commands against DATABASE_URL. */
async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const json = argv.includes('--json');
  const fail = (message: string, code: number) => {
    if (json) process.stdout.write(JSON.stringify({ error: message }) + '\n');
    else console.error(message);
    return code;
  };
  let app;
  let embedded = false;
  try {
    const found = withEmbeddedDatabase(loadSettings());
    const settings = found.settings;
    embedded = found.embedded;
    if (!settings.databaseUrl) return fail('DATABASE_URL is required (the database npm start uses is printed at its start)', 2);
    app = await NestFactory.createApplicationContext(CliModule.forRoot(settings), { logger: false, abortOnError: false });
    const result = await runCommand(app, argv, { json, print: (text) => !json && console.log(text) });
    if (json) process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message}\n${json ? '' : USAGE}`.trim(), 2);
    if (error instanceof SettingsError) return fail(error.message, 2);
    if (error instanceof DomainError) {
      const details = error.details.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
      return fail(`${error.code}: ${error.message}${details ? ` (${details})` : ''}`, 1);
    }
    return fail(unreachableDatabaseMessage(error, embedded) ?? `Failed: ${(error as Error).message}`, 1);
  } finally {
    await app?.close();
  }
}

void main().then((code) => process.exit(code));
