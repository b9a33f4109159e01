// PostgreSQL helpers: the server URL, database URLs on it, and recreating the bench database.
import pg from 'pg';

/** The server to use: BENCH_DATABASE_URL (any database on it), else the local one with trust auth. */
export function serverUrl() {
  return process.env.BENCH_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** The same server and credentials, another database. */
export function databaseUrl(server, database) {
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Opens one client, runs fn(client), always closes it. */
export async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops `database` (ending its sessions first) and creates it empty; returns its URL. */
export async function recreateDatabase(server, database) {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name: ${database}`);
  await withClient(databaseUrl(server, 'postgres'), async (client) => {
    await client.query(`drop database if exists "${database}" with (force)`);
    await client.query(`create database "${database}"`);
  });
  return databaseUrl(server, database);
}
