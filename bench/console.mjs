#!/usr/bin/env node
// The admin console (issue 13): its bundle, and how soon the bookings screen is usable for a business with
// 5,000 bookings. MAIS's production build on the benchmark data set, Debian's Chromium through playwright-core.
//
//   node bench/console.mjs     (BENCH_SEED_FILE=… reuses a data set of `BENCH_SEED_OUT=… node bench/seed.mjs`)
//
// 1. JavaScript and CSS of the console's first load: transferred (brotli, as served) and gzipped (-9).
// 2. Navigation to /console#/bookings (signed in) → the first page of bookings on screen and usable (the
//    console's 'mais:bookings-ready' mark): median and p90 of 20 loads, browser cache on.
// 3. The CSV export of all 5,000 bookings: seconds and bytes.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';
import { CLI_ENTRY, ensureBuild, ROOT } from './lib/build.mjs';
import { startMais } from './lib/mais.mjs';
import { installCleanup, run, stopAll } from './lib/process.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { seed } from './seed.mjs';

const env = process.env;
const BOOKINGS = Number(env.BENCH_BOOKINGS || 5000);
const LOADS = Number(env.BENCH_LOADS || 20);
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `mais-bench-console-${randomBytes(4).toString('hex')}`;
const ADMIN = { email: `console-bench-${randomBytes(3).toString('hex')}@mais.local`, password: 'Console-Bench-Pass-2026' };
const log = (line = '') => console.log(line);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const sorted = (values) => [...values].sort((a, b) => a - b);
const median = (values) => sorted(values)[Math.floor(values.length / 2)];
const p90 = (values) => sorted(values)[Math.min(values.length - 1, Math.ceil(0.9 * values.length) - 1)];

async function main() {
  log(`Console benchmark: ${BOOKINGS} bookings, ${LOADS} loads of the bookings screen. Load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs.`);
  ensureBuild({ log });
  const data = env.BENCH_SEED_FILE ? JSON.parse(readFileSync(env.BENCH_SEED_FILE, 'utf8')) : await seed({ log, build: false });
  const tenant = data.tenants[1];

  // The business's bookings (one per day, as the one-per-date rule allows) and its admin.
  const client = new pg.Client({ connectionString: data.databaseUrl });
  await client.connect();
  try {
    await client.query('delete from bookings where tenant_id = $1', [tenant.id]);
    await client.query(
      `insert into customers (id, tenant_id, email, name, created_at, updated_at)
       select gen_random_uuid(), $1, 'guest' || n || '@example.com', 'Guest ' || n, now(), now() from generate_series(1, $2::int) as n
       on conflict do nothing`,
      [tenant.id, BOOKINGS],
    );
    await client.query(
      `insert into bookings (id, tenant_id, event_date, status, customer_id, line_items, total_cents, commission_cents, commission_percent, currency, checkout_session_id, metadata, created_at, updated_at)
       select gen_random_uuid(), $1, (current_date + n)::date, 'PAID', c.id,
              jsonb_build_array(jsonb_build_object('kind', 'PACKAGE', 'id', gen_random_uuid(), 'slug', 'classic', 'name', 'Classic', 'priceCents', 250000)),
              250000, 31250, 12.5, 'usd', 'cs_bench_console_' || n || '_' || $3, '{}'::jsonb, now(), now()
       from generate_series(1, $2::int) as n join customers c on c.tenant_id = $1 and c.email = 'guest' || n || '@example.com'`,
      [tenant.id, BOOKINGS, randomBytes(4).toString('hex')],
    );
    await client.query('analyze bookings');
  } finally {
    await client.end();
  }
  await run(
    process.execPath,
    [CLI_ENTRY, 'user', 'create', '--email', ADMIN.email, '--password', ADMIN.password, '--role', 'TENANT_ADMIN', '--tenant', tenant.slug],
    {
      env: { DATABASE_URL: data.databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn', ...data.secrets },
      cwd: ROOT,
    },
  );

  const mais = await startMais({ data, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX });
  log(`MAIS ${mais.url}/console, tenant ${tenant.slug}\n`);
  const browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const transfers = new Map();
  const ready = [];
  let exportSeconds = 0;
  let exportBytes = 0;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('requestfinished', async (request) => {
      const path = new URL(request.url()).pathname;
      if (/\.(js|css)$/.test(path) && !transfers.has(path)) transfers.set(path, (await request.sizes()).responseBodySize);
    });
    await page.goto(`${mais.url}/console`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table.list tbody tr').first().waitFor();
    for (let i = 0; i < LOADS; i++) {
      await page.goto(`${mais.url}/console#/bookings`, { waitUntil: 'commit' });
      await page.reload({ waitUntil: 'commit' });
      await page.locator('table.list tbody tr').first().waitFor();
      ready.push(await page.evaluate(() => performance.getEntriesByName('mais:bookings-ready')[0]?.startTime ?? performance.now()));
    }
    const rows = await page.locator('table.list tbody tr').count();
    log(`  the first page shows ${rows} bookings; "Load more" pages the rest`);
    const started = Date.now();
    exportBytes = await page.evaluate(async () => {
      const token = JSON.parse(sessionStorage.getItem('mais-console-session')).token;
      const response = await fetch('/v1/admin/bookings/export', { headers: { authorization: `Bearer ${token}` } });
      return (await response.arrayBuffer()).byteLength;
    });
    exportSeconds = (Date.now() - started) / 1000;
    await context.close();
  } finally {
    await browser.close();
  }

  const assets = join(ROOT, 'dist/web/app/assets');
  const files = [...transfers.keys()];
  const transferred = [...transfers.values()].reduce((a, b) => a + b, 0);
  const gzipped = files.reduce((sum, path) => {
    const file = path.split('/').pop();
    return sum + (readdirSync(assets).includes(file) ? gzipSync(readFileSync(join(assets, file)), { level: 9 }).length : 0);
  }, 0);
  log('\n| measure | console |');
  log('|---|---|');
  log(`| JS + CSS of the first load, transferred (brotli) | ${kb(transferred)} |`);
  log(`| the same files gzipped (-9) | ${kb(gzipped)} |`);
  log(
    `| navigation → bookings screen usable, ${BOOKINGS} bookings: median of ${ready.length} (p90) | ${median(ready).toFixed(0)} ms (${p90(ready).toFixed(0)} ms) |`,
  );
  log(`| CSV export of all ${BOOKINGS} bookings | ${exportSeconds.toFixed(2)} s, ${kb(exportBytes)} |`);
  log(`\nFiles: ${files.map((f) => `${f} ${kb(transfers.get(f))}`).join('; ')}`);
  await deleteKeysWithPrefix(REDIS_URL, `${REDIS_PREFIX}:`).catch((error) => log(`Could not remove the run's Redis keys: ${error.message}`));
}

installCleanup();
main().then(stopAll, async (error) => {
  console.error(error);
  await stopAll();
  process.exitCode = 1;
});
