#!/usr/bin/env node
// `npm run bench`: MAIS (a production build started here) against the bare reference server, on the same
// seeded database, with autocannon in its own process. Prints one table; see bench/README.md.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, ROOT } from './lib/build.mjs';
import { connectInspector } from './lib/inspector.mjs';
import { BENCH_ADMIN, startMais as startMaisProcess } from './lib/mais.mjs';
import { runLoad } from './lib/load.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { freePort, httpGet, installCleanup, readRssKb, sleep, startServer, stopAll } from './lib/process.mjs';
import { AVAILABILITY_DAYS, seed } from './seed.mjs';

const env = process.env;
const number = (name, fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const DURATION = number('BENCH_DURATION', 10);
const WARMUP = number('BENCH_WARMUP', 3);
const ROUNDS = number('BENCH_ROUNDS', 2);
const CONNECTIONS = number('BENCH_CONNECTIONS', 64);
const RSS_STEP = number('BENCH_RSS_REQUESTS', 50_000);
const RSS_MAX_SECONDS = number('BENCH_RSS_MAX_SECONDS', 60);
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const REDIS_PREFIX = `mais-bench-${randomBytes(4).toString('hex')}`;

const PACKAGES = '/v1/packages';
const TARGETS = {
  cached: { minRatio: 5, maxP99Ratio: 0.5 },
  uncached: { minRatio: 0.6 },
  rssGrowthPercent: 10,
};

const log = (line = '') => console.log(line);
const since = (t) => ((Date.now() - t) / 1000).toFixed(0);

async function main() {
  const perScenario = 2 * WARMUP + 2 * ROUNDS * DURATION;
  const fixed = 3 * perScenario + 50 + 25; // scenarios, seeding (50 CLI boots), 4 server starts and checks
  const rssExpected = Math.min((2 * RSS_STEP) / 5_000, 2 * RSS_MAX_SECONDS); // at the ≥ 5,000 req/s a cache should give
  const minutes = (s) => Math.ceil((s / 60) * 2) / 2;
  log(
    `MAIS benchmark: ${CONNECTIONS} connections, ${ROUNDS} round(s) of ${DURATION} s per server and scenario after ${WARMUP} s warm-ups, ` +
      `RSS after ${RSS_STEP} and ${2 * RSS_STEP} requests.`,
  );
  log(
    `Expected duration ≈ ${minutes(fixed + rssExpected)} min (seeding, 3 scenarios of ${perScenario} s, the RSS phase), at most ≈ ` +
      `${minutes(fixed + 2 * RSS_MAX_SECONDS)} min if MAIS is slow (the RSS phase is capped), plus ≈ 20 s if a build is needed.\n`,
  );

  const [load1] = loadavg();
  log(
    `Load average before starting: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} on ${cpus().length} CPUs` + (load1 > 0.5 ? ': something else is using the CPU, the numbers will be noisy.\n' : '.\n'),
  );

  const built = ensureBuild({ log });
  if (built) log(`  built in ${built.toFixed(0)} s`);

  let data;
  if (env.BENCH_SEED_FILE) {
    // A data set from `BENCH_SEED_OUT=file node bench/seed.mjs`, to iterate without reseeding.
    data = JSON.parse(readFileSync(env.BENCH_SEED_FILE, 'utf8'));
    log(`Using the data set of ${env.BENCH_SEED_FILE} (seeded on ${data.today})`);
    if (data.today !== new Date().toISOString().slice(0, 10)) log('  WARNING: seeded on another day, the availability dates have moved');
  } else {
    log('Seeding…');
    data = await seed({ log, build: false }); // built just above
  }
  const keys = data.tenants.map((t) => t.publicKey);
  const from = data.today;
  const to = addDays(from, AVAILABILITY_DAYS);
  const AVAILABILITY = `/v1/availability/unavailable?from=${from}&to=${to}`;

  const reference = await startReference(data.databaseUrl);
  log(`Reference server pid ${reference.pid} on ${reference.url}`);
  const rows = [];
  const problems = [];

  // RSS on a process of its own, with the inspector open so that each reading follows a full GC.
  const inspectPort = await freePort();
  let mais = await startMais(data, true, [`--inspect=127.0.0.1:${inspectPort}`]);
  log(`MAIS (production, CACHE_ENABLED=true, inspector open for the RSS phase) pid ${mais.pid} on ${mais.url}`);
  log(`\nRSS phase: ${2 * RSS_STEP} × GET ${PACKAGES} (cache on)…`);
  const rss = await rssPhase(mais, keys, inspectPort);
  log(`  RSS after boot ${mb(rss.boot)}, after ${rss.afterFirst} requests ${mb(rss.first)}, after ${rss.afterSecond} ${mb(rss.second)}: ${pct(rss.growth)}`);
  log(`  (as found, before the GC: ${mb(rss.asFound[0])}, ${mb(rss.asFound[1])} and ${mb(rss.asFound[2])})`);
  assertAlive(mais);
  await mais.stop();

  // Cache on: correctness, packages, availability.
  mais = await startMais(data, true);
  log(`\nMAIS (production, CACHE_ENABLED=true) pid ${mais.pid} on ${mais.url}`);
  await checkCatalog(reference, mais, data.tenants, problems);
  const availabilityStatus = await checkAvailability(reference, mais, data.tenants, AVAILABILITY, problems);

  rows.push(await scenario(`GET ${PACKAGES} (cache on)`, reference, mais, PACKAGES, keys, 'cached'));
  if (availabilityStatus === 404) {
    rows.push(await scenario(`GET /v1/availability/unavailable (${AVAILABILITY_DAYS + 1} days, cache on)`, reference, null, AVAILABILITY, keys, null));
  } else {
    rows.push(await scenario(`GET /v1/availability/unavailable (${AVAILABILITY_DAYS + 1} days, cache on)`, reference, mais, AVAILABILITY, keys, null));
  }
  const cacheStats = await cacheHealth(mais);
  if (cacheStats.status === 404) problems.push('GET /health/cache is missing in MAIS (404)');
  collectLogs(mais, 'cache on', problems);
  await mais.stop();

  // Cache off.
  mais = await startMais(data, false);
  log(`\nMAIS (production, CACHE_ENABLED=false) pid ${mais.pid} on ${mais.url}`);
  rows.push(await scenario(`GET ${PACKAGES} (cache off)`, reference, mais, PACKAGES, keys, 'uncached'));
  collectLogs(mais, 'cache off', problems);
  await mais.stop();
  await reference.stop();

  printTable(rows, rss, cacheStats, availabilityStatus);
  log(
    `Load average at the end (1/5/15 min): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} on ${cpus().length} CPUs.`,
  );
  if (problems.length) {
    log('\nProblems seen:');
    for (const p of problems) log(`  - ${p}`);
  }
  if (env.BENCH_OUT) {
    writeFileSync(
      env.BENCH_OUT,
      JSON.stringify(
        { at: new Date().toISOString(), settings: { DURATION, WARMUP, ROUNDS, CONNECTIONS, RSS_STEP }, rows, rss, cacheStats, problems },
        null,
        2,
      ) + '\n',
    );
    log(`\nResults written to ${env.BENCH_OUT}`);
  }
  const missed = rows.some((r) => r.verdict === 'FAIL') || rss.verdict === 'FAIL';
  return env.BENCH_STRICT === '1' && missed ? 1 : 0;
}

// ── servers ──────────────────────────────────────────────────────────────────────────────────────────

async function startReference(databaseUrl) {
  const port = await freePort();
  return startServer({
    name: 'reference server',
    args: [join(ROOT, 'bench/reference-server.mjs'), String(port)],
    env: { PATH: env.PATH, DATABASE_URL: databaseUrl, REF_POOL_MAX: env.REF_POOL_MAX ?? '10' },
    inheritEnv: false,
    port,
  });
}

function startMais(data, cacheEnabled, nodeOptions = []) {
  return startMaisProcess({ data, redisUrl: REDIS_URL, redisPrefix: REDIS_PREFIX, cacheEnabled, nodeOptions });
}

function assertAlive(server) {
  if (server.crashed())
    throw new Error(`${server.name} died during the run (exit ${server.child.exitCode ?? server.child.signalCode})\n${server.output().slice(-4000)}`);
}

/** What MAIS printed after its start-up line ("listening on …"), at LOG_LEVEL=warn: warnings and errors. */
function collectLogs(server, label, problems) {
  const count = server.lineCount() - server.readyLineCount;
  if (count <= 0) return;
  const text = server.output().trimEnd().split('\n');
  problems.push(
    `MAIS (${label}) logged ${count} line(s) at LOG_LEVEL=warn during the run; the last ones:\n      ${text
      .slice(-5)
      .map((l) => l.slice(0, 400))
      .join('\n      ')}`,
  );
}

// ── correctness ──────────────────────────────────────────────────────────────────────────────────────

/** Same package slugs (same order) and add-on counts for two tenants; a byte-for-byte difference is noted. */
async function checkCatalog(reference, mais, tenants, problems) {
  log('\nCorrectness check of GET /v1/packages (MAIS vs reference):');
  for (const tenant of [tenants[0], tenants[tenants.length - 1]]) {
    const headers = { 'x-tenant-key': tenant.publicKey };
    const [ref, got] = await Promise.all([httpGet(reference.url + PACKAGES, headers), httpGet(mais.url + PACKAGES, headers)]);
    if (ref.status !== 200) throw new Error(`reference answered ${ref.status} for ${tenant.slug}: ${ref.body.slice(0, 300)}`);
    if (got.status !== 200) {
      problems.push(`GET ${PACKAGES} on MAIS answered ${got.status} for ${tenant.slug}: ${got.body.slice(0, 300)}`);
      log(`  WARNING ${tenant.slug}: MAIS answered ${got.status}`);
      continue;
    }
    const a = JSON.parse(ref.body);
    const b = JSON.parse(got.body);
    const shape = (list) => list.map((p) => `${p.slug}:${p.addOns?.length}`).join(',');
    const sameSet = shape([...a].sort(bySlug)) === shape([...b].sort(bySlug));
    const sameOrder = shape(a) === shape(b);
    const identical = JSON.stringify(a) === JSON.stringify(b);
    const summary = `${b.length} packages, ${b.reduce((n, p) => n + (p.addOns?.length ?? 0), 0)} add-ons, ${got.body.length} bytes (reference ${ref.body.length} bytes)`;
    if (!sameSet) {
      const message = `${tenant.slug}: MAIS and reference differ in package slugs or add-on counts: MAIS [${shape(b)}] vs reference [${shape(a)}]`;
      problems.push(message);
      log(`  WARNING ${message}`);
    } else if (!sameOrder) {
      problems.push(`${tenant.slug}: same packages and add-on counts, but MAIS orders packages differently from the reference (by name)`);
      log(`  WARNING ${tenant.slug}: same slugs and add-on counts, different package order; ${summary}`);
    } else {
      log(`  ${tenant.slug}: same slugs and add-on counts${identical ? ', identical JSON' : ` (JSON differs: ${firstDifference(a, b)})`}; ${summary}`);
    }
  }
}

/** Returns MAIS's status for the range route (404: missing); compares the dates when both answer. */
async function checkAvailability(reference, mais, tenants, path, problems) {
  const headers = { 'x-tenant-key': tenants[0].publicKey };
  const [ref, got] = await Promise.all([httpGet(reference.url + path, headers), httpGet(mais.url + path, headers)]);
  if (ref.status !== 200) throw new Error(`reference answered ${ref.status} for ${path}: ${ref.body.slice(0, 300)}`);
  if (got.status === 404) {
    log(`  GET /v1/availability/unavailable: MAIS answers 404 (route missing): ${got.body.slice(0, 200)}`);
    problems.push(`GET /v1/availability/unavailable is missing in MAIS (404): only the reference was timed`);
    return 404;
  }
  if (got.status !== 200) {
    problems.push(`GET ${path} on MAIS answered ${got.status}: ${got.body.slice(0, 300)}`);
    log(`  WARNING availability: MAIS answered ${got.status}`);
    return got.status;
  }
  const dates = (body) =>
    JSON.parse(body)
      .dates?.map((d) => d.date)
      .join(',');
  const reasons = (body) =>
    JSON.parse(body)
      .dates?.map((d) => `${d.date}:${d.reason}`)
      .join(',');
  if (dates(ref.body) !== dates(got.body)) {
    const message = `${tenants[0].slug}: unavailable dates differ: MAIS [${reasons(got.body)}] vs reference [${reasons(ref.body)}]`;
    problems.push(message);
    log(`  WARNING ${message}`);
  } else {
    const same = reasons(ref.body) === reasons(got.body) ? 'and reasons' : `, other reasons: MAIS [${reasons(got.body)}] vs reference [${reasons(ref.body)}]`;
    log(`  ${tenants[0].slug}: GET /v1/availability/unavailable has the same ${JSON.parse(got.body).dates.length} dates ${same}`);
  }
  return 200;
}

const bySlug = (x, y) => (x.slug < y.slug ? -1 : x.slug > y.slug ? 1 : 0);

function firstDifference(a, b, path = '$') {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    return a === b ? null : `${path}: reference ${JSON.stringify(a)?.slice(0, 60)} vs MAIS ${JSON.stringify(b)?.slice(0, 60)}`;
  }
  const keysOf = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keysOf) {
    const found = firstDifference(a[key], b[key], Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

// ── load ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * RSS after boot, after RSS_STEP and after 2 × RSS_STEP requests on a fresh process; each step stops after
 * RSS_MAX_SECONDS. Each reading follows a full GC requested through the inspector: read as found, RSS
 * depends on where the GC cycle happens to be (on one build, 188 to 293 MiB at successive steps with no
 * growth at all), which says nothing about what the process keeps.
 */
async function rssPhase(mais, keys, inspectPort) {
  const inspector = await connectInspector(inspectPort);
  try {
    const asFound = [];
    const settled = async () => {
      await sleep(500);
      asFound.push(readRssKb(mais.pid));
      await inspector.collectGarbage();
      await sleep(500);
      return readRssKb(mais.pid);
    };
    // Besides the readings, RSS is sampled every 250 ms under load: the median of a step's second half
    // shows where the GC sawtooth sits while serving.
    const load = async () => {
      const samples = [];
      const timer = setInterval(() => samples.push(readRssKb(mais.pid)), 250);
      try {
        const result = await runLoad({ url: mais.url, path: PACKAGES, keys, connections: CONNECTIONS, amount: RSS_STEP, maxSeconds: RSS_MAX_SECONDS });
        return { ...result, medianUnderLoad: median(samples.slice(Math.floor(samples.length / 2))) };
      } finally {
        clearInterval(timer);
      }
    };
    const boot = await settled();
    const first = await load();
    assertAlive(mais);
    const rssFirst = await settled();
    const second = await load();
    assertAlive(mais);
    const rssSecond = await settled();
    const growth = ((rssSecond - rssFirst) / rssFirst) * 100;
    const non2xx = first.non2xx + second.non2xx;
    const afterFirst = first.requests;
    const afterSecond = first.requests + second.requests;
    const complete = afterFirst >= RSS_STEP && afterSecond >= 2 * RSS_STEP;
    log(
      `  ${fmt(first.requestsPerSecond)} and ${fmt(second.requestsPerSecond)} req/s, ${non2xx} non-2xx` +
        (complete ? '' : `; cut short after ${RSS_MAX_SECONDS} s per step: ${afterFirst} and ${afterSecond} requests`),
    );
    log(
      `  median RSS over the second half of each step, under load: ${mb(first.medianUnderLoad)} and ${mb(second.medianUnderLoad)} ` +
        `(${pct(((second.medianUnderLoad - first.medianUnderLoad) / first.medianUnderLoad) * 100)})`,
    );
    const verdict = !complete ? 'INCOMPLETE' : growth < TARGETS.rssGrowthPercent ? 'PASS' : 'FAIL';
    return {
      boot,
      first: rssFirst,
      second: rssSecond,
      afterFirst,
      afterSecond,
      growth,
      non2xx,
      verdict,
      asFound,
      medianUnderLoad: [first.medianUnderLoad, second.medianUnderLoad],
    };
  } finally {
    await inspector.close();
  }
}

/** Warm-ups, then ROUNDS × (reference, MAIS), alternating; `mais` null times the reference alone. */
async function scenario(title, reference, mais, path, keys, target) {
  log(`\n${title}`);
  const options = { path, keys, connections: CONNECTIONS };
  const servers = mais ? [reference, mais] : [reference];
  for (const server of servers) {
    await runLoad({ ...options, url: server.url, durationSeconds: WARMUP });
    assertAlive(server);
  }
  const runs = new Map(servers.map((s) => [s, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const server of servers) {
      const result = await runLoad({ ...options, url: server.url, durationSeconds: DURATION });
      assertAlive(server);
      runs.get(server).push(result);
      const codes = result.non2xx ? ` ${JSON.stringify(result.statusCodes)}` : '';
      log(
        `  round ${round} ${server === reference ? 'reference' : 'MAIS     '}: ${fmt(result.requestsPerSecond)} req/s, ` +
          `p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, ${result.bytesPer2xx} B/response, non-2xx ${result.non2xx}${codes}, errors ${result.errors + result.timeouts}`,
      );
    }
  }
  const ref = combine(runs.get(reference));
  const row = { title, path, target, reference: ref, mais: mais ? combine(runs.get(mais)) : null };
  if (row.mais) {
    row.ratio = row.mais.requestsPerSecond / ref.requestsPerSecond;
    row.p99Ratio = ref.latencyP99Ms > 0 ? row.mais.latencyP99Ms / ref.latencyP99Ms : null;
    row.verdict = verdict(row);
  }
  return row;
}

/** Rounds together: req/s over the summed time, latencies the mean of the rounds' percentiles. */
function combine(results) {
  const requests = results.reduce((n, r) => n + r.requests, 0);
  const seconds = results.reduce((n, r) => n + r.durationSeconds, 0);
  const mean = (field) => results.reduce((n, r) => n + r[field], 0) / results.length;
  return {
    requestsPerSecond: requests / seconds,
    latencyP50Ms: mean('latencyP50Ms'),
    latencyP99Ms: mean('latencyP99Ms'),
    non2xx: results.reduce((n, r) => n + r.non2xx, 0),
    errors: results.reduce((n, r) => n + r.errors + r.timeouts, 0),
    bytesPer2xx: results[0]?.bytesPer2xx ?? 0,
    rounds: results,
  };
}

function verdict(row) {
  if (row.target === 'cached') {
    return row.ratio >= TARGETS.cached.minRatio && row.p99Ratio !== null && row.p99Ratio <= TARGETS.cached.maxP99Ratio ? 'PASS' : 'FAIL';
  }
  if (row.target === 'uncached') return row.ratio >= TARGETS.uncached.minRatio ? 'PASS' : 'FAIL';
  return null;
}

async function cacheHealth(mais) {
  try {
    const login = await fetch(`${mais.url}/v1/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(BENCH_ADMIN),
    });
    if (login.status !== 200) return { status: login.status, login: await login.text() };
    const { token } = await login.json();
    const res = await httpGet(`${mais.url}/health/cache`, { authorization: `Bearer ${token}` });
    return res.status === 200 ? JSON.parse(res.body) : { status: res.status };
  } catch (error) {
    return { error: error.message };
  }
}

// ── output ───────────────────────────────────────────────────────────────────────────────────────────

function printTable(rows, rss, cacheStats, availabilityStatus) {
  const header = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'req/s vs ref', 'p99 vs ref', 'non-2xx', 'errors', 'target'];
  const lines = [];
  for (const row of rows) {
    const r = row.reference;
    lines.push([
      row.title,
      'reference',
      fmt(r.requestsPerSecond),
      fmtMs(r.latencyP50Ms),
      fmtMs(r.latencyP99Ms),
      '1.00×',
      '1.00×',
      String(r.non2xx),
      String(r.errors),
      '',
    ]);
    if (!row.mais) {
      const why = availabilityStatus === 404 ? 'n/a (route missing)' : 'n/a';
      lines.push(['', 'MAIS', why, '', '', '', '', '', '', '']);
      continue;
    }
    const m = row.mais;
    const goal =
      row.target === 'cached'
        ? `≥ ${TARGETS.cached.minRatio}× req/s, p99 ≤ ${TARGETS.cached.maxP99Ratio}×: ${row.verdict}`
        : row.target === 'uncached'
          ? `≥ ${TARGETS.uncached.minRatio}× req/s: ${row.verdict}`
          : '(none)';
    lines.push([
      '',
      'MAIS',
      fmt(m.requestsPerSecond),
      fmtMs(m.latencyP50Ms),
      fmtMs(m.latencyP99Ms),
      `${row.ratio.toFixed(2)}×`,
      row.p99Ratio === null ? 'n/a' : `${row.p99Ratio.toFixed(2)}×`,
      String(m.non2xx),
      String(m.errors),
      goal,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const numeric = new Set([2, 3, 4, 5, 6, 7, 8]);
  const render = (cells) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  log(`\n${render(header)}`);
  log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const line of lines) log(render(line));
  log(
    `\nRSS of MAIS (cache on, GET ${PACKAGES}, each after a full GC): after boot ${mb(rss.boot)}, after ${fmt(rss.afterFirst)} requests ${mb(rss.first)}, ` +
      `after ${fmt(rss.afterSecond)} ${mb(rss.second)}, growth ${pct(rss.growth)} (target < ${TARGETS.rssGrowthPercent} %): ${rss.verdict}` +
      `${rss.non2xx ? `  [${rss.non2xx} non-2xx]` : ''}`,
  );
  const [m1, m2] = rss.medianUnderLoad;
  const [, f1, f2] = rss.asFound;
  log(
    `  (as found before each GC: ${mb(f1)} → ${mb(f2)}, ${pct(((f2 - f1) / f1) * 100)}; median under load in each step's second half: ` +
      `${mb(m1)} → ${mb(m2)}, ${pct(((m2 - m1) / m1) * 100)}: both swing with the GC cycle)`,
  );
  log(`GET /health/cache after the cache-on scenarios: ${JSON.stringify(cacheStats)}`);
  log(
    `${CONNECTIONS} connections, ${ROUNDS} × ${DURATION} s per server and scenario (alternating, after ${WARMUP} s warm-ups); ` +
      `latencies of 2xx responses, 1 ms resolution; req/s counts every response.`,
  );
}

const median = (values) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const fmtMs = (n) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
const mb = (kb) => `${(kb / 1024).toFixed(1)} MiB`;
const pct = (p) => `${p >= 0 ? '+' : ''}${p.toFixed(1)} %`;

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Last, so that every const above is initialised before main() runs.
installCleanup();
const startedAt = Date.now();
let exitCode = 0;
try {
  exitCode = await main();
} catch (error) {
  console.error(`\nbench failed: ${error.stack ?? error.message}`);
  exitCode = 1;
} finally {
  await stopAll();
  await deleteKeysWithPrefix(REDIS_URL, `${REDIS_PREFIX}:`).then(
    (n) => n && log(`Removed the run's ${n} Redis keys (${REDIS_PREFIX}:*).`),
    (error) => log(`Could not remove the run's Redis keys ${REDIS_PREFIX}:*: ${error.message}`),
  );
  log(`\nTotal time ${since(startedAt)} s.`);
}
process.exit(exitCode);
