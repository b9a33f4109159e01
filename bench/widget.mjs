#!/usr/bin/env node
// The booking widget's first load (issue 11): MAIS's production build on the benchmark data set, Debian's
// Chromium through playwright-core, autocannon in its own process.
//
//   node bench/widget.mjs          (BENCH_SEED_FILE=… reuses a data set of `BENCH_SEED_OUT=… node bench/seed.mjs`)
//
// 1. Bytes of JavaScript and CSS a first load transfers (as served: brotli to Chromium), and the same files
//    gzipped (-9): target ≤ 35 KB gzipped in all.
// 2. Time from navigation to packages and prices visible: median of 20 loads, browser cache on, loopback:
//    target ≤ 300 ms.
// 3. GET /widget (the page, with the config and catalog inline) from 64 connections: no error, next to the bare
//    reference server's GET /v1/packages (node:http + pg, the same catalog as JSON) in the same run.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { ensureBuild, ROOT } from './lib/build.mjs';
import { startMais } from './lib/mais.mjs';
import { runLoad } from './lib/load.mjs';
import { freePort, installCleanup, startServer, stopAll } from './lib/process.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { seed } from './seed.mjs';

const env = process.env;
const LOADS = Number(env.BENCH_LOADS || 20);
const DURATION = Number(env.BENCH_DURATION || 10);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS || 64);
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `mais-bench-widget-${randomBytes(4).toString('hex')}`;
const TARGETS = { gzipKb: 35, visibleMs: 300 };
const log = (line = '') => console.log(line);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)];

async function main() {
  log(
    `Widget benchmark: ${LOADS} page loads, then ${CONNECTIONS} connections × ${DURATION} s. Load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs.`,
  );
  ensureBuild({ log });
  const data = env.BENCH_SEED_FILE ? JSON.parse(readFileSync(env.BENCH_SEED_FILE, 'utf8')) : await seed({ log, build: false });
  const tenant = data.tenants[0];
  const mais = await startMais({ data, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX });
  const referencePort = await freePort();
  const reference = await startServer({
    name: 'reference server',
    args: [join(ROOT, 'bench/reference-server.mjs'), String(referencePort)],
    env: { PATH: env.PATH, DATABASE_URL: data.databaseUrl, REF_POOL_MAX: '10' },
    inheritEnv: false,
    port: referencePort,
  });
  const page = `/widget?key=${tenant.publicKey}`;
  log(`MAIS ${mais.url}${page}\n`);

  // 1 and 2, in a real browser.
  const browser = await chromium.launch({ executablePath: env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox'] });
  const transfers = [];
  let visible = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    tab.on('requestfinished', async (request) => {
      if (!/\.(js|css)$/.test(new URL(request.url()).pathname)) return;
      transfers.push({
        url: new URL(request.url()).pathname,
        bytes: (await request.sizes()).responseBodySize,
        encoding: (await request.response())?.headers()['content-encoding'] ?? 'identity',
      });
    });
    for (let i = 0; i < LOADS + 1; i++) {
      await tab.goto(`${mais.url}${page}`, { waitUntil: 'commit' });
      await tab.waitForSelector('.package .price', { state: 'visible' });
      // The widget marks the frame in which its catalog is first on screen; the mark's time is from navigation start.
      const ms = await tab.evaluate(() => performance.getEntriesByName('mais:packages-visible')[0]?.startTime ?? performance.now());
      if (i > 0)
        visible.push(ms); // the first load fills the cache: "cache on" is the loads after it
      else log(`  first load (cold cache): packages and prices visible after ${ms.toFixed(0)} ms`);
    }
    await context.close();
  } finally {
    await browser.close();
  }
  const firstLoad = transfers.filter((t, index) => transfers.findIndex((u) => u.url === t.url) === index);
  const transferred = firstLoad.reduce((sum, t) => sum + t.bytes, 0);
  const assetsDir = join(ROOT, 'dist/web/app/assets');
  const gzipped = firstLoad.reduce((sum, t) => {
    const file = t.url.split('/').pop();
    return sum + (readdirSync(assetsDir).includes(file) ? gzipSync(readFileSync(join(assetsDir, file)), { level: 9 }).length : 0);
  }, 0);

  // 3. The page under load, next to the bare reference's catalog.
  const pageLoad = await runLoad({ url: mais.url, path: page, keys: [tenant.publicKey], connections: CONNECTIONS, durationSeconds: DURATION });
  const referenceLoad = await runLoad({
    url: reference.url,
    path: '/v1/packages',
    keys: [tenant.publicKey],
    connections: CONNECTIONS,
    durationSeconds: DURATION,
  });

  log('\n| measure | MAIS | reference / target | verdict |');
  log('|---|---|---|---|');
  log(`| JS + CSS of a first load, transferred (${[...new Set(firstLoad.map((t) => t.encoding))].join(', ')}) | ${kb(transferred)} | | |`);
  log(`| the same files gzipped (-9) | ${kb(gzipped)} | ≤ ${TARGETS.gzipKb} KB | ${gzipped <= TARGETS.gzipKb * 1024 ? 'PASS' : 'FAIL'} |`);
  log(
    `| navigation → packages and prices visible, median of ${visible.length} (p90) | ${median(visible).toFixed(0)} ms (${percentile(visible, 90).toFixed(0)} ms) | ≤ ${TARGETS.visibleMs} ms | ${median(visible) <= TARGETS.visibleMs ? 'PASS' : 'FAIL'} |`,
  );
  log(
    `| GET /widget, ${CONNECTIONS} connections: req/s, p50 / p99 | ${pageLoad.requestsPerSecond.toFixed(0)}, ${pageLoad.latencyP50Ms} / ${pageLoad.latencyP99Ms} ms | ` +
      `reference GET /v1/packages: ${referenceLoad.requestsPerSecond.toFixed(0)}, ${referenceLoad.latencyP50Ms} / ${referenceLoad.latencyP99Ms} ms | |`,
  );
  const failures = pageLoad.non2xx + pageLoad.errors + pageLoad.timeouts;
  log(
    `| GET /widget under load: non-2xx, errors, timeouts | ${pageLoad.non2xx}, ${pageLoad.errors}, ${pageLoad.timeouts} of ${pageLoad.requests} | 0 | ${failures === 0 ? 'PASS' : 'FAIL'} |`,
  );
  log(`\nFiles: ${firstLoad.map((t) => `${t.url} ${kb(t.bytes)} ${t.encoding}`).join('; ')}`);
  await deleteKeysWithPrefix(REDIS_URL, `${REDIS_PREFIX}:`).catch((error) => log(`Could not remove the run's Redis keys: ${error.message}`));
}

installCleanup();
main().then(stopAll, async (error) => {
  console.error(error);
  await stopAll();
  process.exitCode = 1;
});
