// Finds PostgreSQL and Redis for the test run: DATABASE_URL/REDIS_URL when set, else the 127.0.0.1
// defaults when they answer, else an embedded PostgreSQL (and no Redis: Redis-only suites then skip,
// saying so). Under REQUIRE_SERVICES=1 nothing may be missing. Each suite creates its own database.
import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { ROOT, webBuildIsStale } from '../scripts/build.mjs';
import { startEmbeddedPostgres } from '../scripts/embedded-postgres.mjs';
import { spawnSync } from 'node:child_process';

/** Debian's Chromium (or CHROMIUM_PATH): the browser suites drive it through playwright-core, never a downloaded browser. */
function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((path) => existsSync(path));
}

const answers = (host, port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

async function canQuery(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function globalSetup() {
  const required = process.env.REQUIRE_SERVICES === '1';
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl && (await answers('127.0.0.1', 5432)) && (await canQuery('postgresql://postgres@127.0.0.1:5432/postgres'))) {
    databaseUrl = 'postgresql://postgres@127.0.0.1:5432/postgres';
  }
  if (!databaseUrl) {
    if (required) throw new Error('REQUIRE_SERVICES=1 but no PostgreSQL answers (set DATABASE_URL)');
    const embedded = await startEmbeddedPostgres({ dir: '.data/test-postgres', database: 'postgres' });
    globalThis.__MAIS_EMBEDDED_PG__ = embedded;
    databaseUrl = embedded.url;
    console.warn('\n[tests] no PostgreSQL server found: using an embedded PostgreSQL');
  }
  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl && (await answers('127.0.0.1', 6379))) redisUrl = 'redis://127.0.0.1:6379';
  if (!redisUrl) {
    if (required) throw new Error('REQUIRE_SERVICES=1 but no Redis answers (set REDIS_URL)');
    console.warn('\n[tests] ******** NO REDIS: suites that need Redis are SKIPPED (set REDIS_URL) ********\n');
  }
  const chromium = findChromium();
  if (!chromium) {
    if (required) throw new Error('REQUIRE_SERVICES=1 but no Chromium was found (apt-get install chromium, or set CHROMIUM_PATH)');
    console.warn('\n[tests] ******** NO CHROMIUM: the browser suites are SKIPPED (apt-get install chromium) ********\n');
  }
  // The widget's pages serve the built front end: build it when its sources are newer than dist/web (seconds).
  if (webBuildIsStale()) {
    const build = spawnSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build:web failed');
  }
  process.env.TEST_CHROMIUM_PATH = chromium ?? '';
  process.env.TEST_DATABASE_URL = databaseUrl;
  process.env.TEST_REDIS_URL = redisUrl ?? '';
  process.env.TEST_RUN_ID = `${Date.now().toString(36)}${process.pid.toString(36)}`;
}
