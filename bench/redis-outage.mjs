#!/usr/bin/env node
// Redis goes away while Stripe webhooks keep arriving: the API still answers 200 for every valid event
// (it is stored first), /health/ready says Redis is down; Redis comes back: the worker's sweep enqueues the
// stored events and every one is processed, once.
//
//   node bench/redis-outage.mjs            build if stale, seed, run the outage, print the counts
//   BENCH_EVENTS=100 node bench/redis-outage.mjs
//
// Production builds of the API and the worker run as two processes (NODE_ENV=production, simulated payments)
// on a fresh database `mais_redis_outage`. They reach Redis through a TCP proxy run by this script: "stopping
// Redis" closes the proxy (every connection dropped, new ones refused) and "starting" it listens again on the
// same port, so the real Redis, which other processes on this machine may use, is never touched.
// Before the outage BENCH_EVENTS checkouts are made (one date each); during it their signed
// `checkout.session.completed` events are POSTed to /v1/webhooks/stripe, each one BENCH_DUPLICATES times
// (a redelivery), built by the same SimulatedPaymentProvider the dev checkout uses.
//
// Knobs: BENCH_EVENTS (40), BENCH_DUPLICATES (2), BENCH_OUTAGE_S (5: how long Redis stays down after the last
// event), BENCH_TIMEOUT_S (120), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SKIP_BUILD.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { API_ENTRY, CLI_ENTRY, ensureBuild, MIGRATE_ENTRY, ROOT } from './lib/build.mjs';
import { recreateDatabase, serverUrl, withClient } from './lib/pg.mjs';
import { freePort, installCleanup, run, sleep, startServer, stopChild, track } from './lib/process.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';

const env = process.env;
const whole = (name, fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const EVENTS = Math.max(1, whole('BENCH_EVENTS', 40));
const DUPLICATES = Math.max(1, whole('BENCH_DUPLICATES', 2));
const OUTAGE_MS = whole('BENCH_OUTAGE_S', 5) * 1000;
const TIMEOUT_MS = whole('BENCH_TIMEOUT_S', 120) * 1000;
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `mais-outage-${randomBytes(4).toString('hex')}`;
const WORKER_ENTRY = join(ROOT, 'dist/apps/worker/src/main.js');
const require = createRequire(import.meta.url);
const log = (line = '') => console.log(line);

/** A TCP proxy to Redis that can be taken down (connections dropped, port closed) and brought back on the same port. */
function redisProxy(port, target) {
  const sockets = new Set();
  let server;
  const open = () =>
    new Promise((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect({ host: target.hostname, port: Number(target.port || 6379) });
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const close = () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return { open, close, url: `redis://127.0.0.1:${port}` };
}

function http(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? safeJson(text) : undefined }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}

const safeJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

async function main() {
  installCleanup();
  log(`Redis outage bench: ${EVENTS} paid checkouts, each webhook sent ${DUPLICATES}× while Redis is down.`);
  const built = ensureBuild({ log });
  if (built) log(`  built in ${built.toFixed(0)} s`);

  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(16).toString('hex')}`,
  };
  const databaseUrl = await recreateDatabase(serverUrl(), 'mais_redis_outage');
  const dataDir = mkdtempSync(join(tmpdir(), 'mais-redis-outage-'));
  const base = { PATH: env.PATH, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, ...secrets };
  await run(process.execPath, [MIGRATE_ENTRY], { env: { ...base, NODE_ENV: 'development' }, cwd: ROOT });
  const created = await run(process.execPath, [CLI_ENTRY, 'tenant', 'create', '--name', 'Outage Studio', '--slug', 'outage', '--commission', '10', '--json'], {
    env: { ...base, NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    cwd: ROOT,
  });
  const { tenant, keys } = JSON.parse(created.stdout.trim().split('\n').pop());
  await withClient(databaseUrl, (client) =>
    client.query(
      `insert into packages (id, created_at, updated_at, tenant_id, slug, name, base_price_cents) values (gen_random_uuid(), now(), now(), $1, 'classic', 'Classic', 250000)`,
      [tenant.id],
    ),
  );

  const proxy = redisProxy(await freePort(), new URL(REDIS_URL));
  await proxy.open();
  const apiPort = await freePort();
  const common = {
    ...base,
    NODE_ENV: 'production',
    SIMULATED_PAYMENTS: 'true',
    LOG_LEVEL: 'warn',
    REDIS_URL: proxy.url,
    QUEUE_PREFIX: PREFIX,
    WEBHOOK_SWEEP_INTERVAL_MS: '1000',
  };
  const api = await startServer({
    name: 'api',
    args: [API_ENTRY],
    env: { ...common, PORT: String(apiPort), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${apiPort}` },
    inheritEnv: false,
    cwd: ROOT,
    port: apiPort,
  });
  const worker = track(spawn(process.execPath, [WORKER_ENTRY], { cwd: ROOT, env: common, stdio: ['ignore', 'pipe', 'pipe'] }));
  const workerLines = [];
  worker.stdout.on('data', (c) => workerLines.push(...String(c).split('\n').filter(Boolean)));
  worker.stderr.on('data', (c) => workerLines.push(...String(c).split('\n').filter(Boolean)));
  const waitUntil = async (what, check, timeoutMs = TIMEOUT_MS) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };
  await waitUntil('the worker to start', () => workerLines.some((l) => l.includes('MAIS worker running')), 60_000);

  // Checkouts while everything is up: one date each, from 2027-03-01.
  const sessions = [];
  for (let i = 0; i < EVENTS; i++) {
    const eventDate = new Date(Date.UTC(2027, 2, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const res = await http('POST', `${api.url}/v1/bookings/checkout`, {
      headers: { 'x-tenant-key': keys.publicKey },
      body: JSON.stringify({ packageSlug: 'classic', eventDate, customer: { email: `guest-${i}@example.com`, name: `Guest ${i}` } }),
    });
    if (res.status !== 201) throw new Error(`checkout ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
    sessions.push({ sessionId: res.body.sessionId, eventDate, totalCents: res.body.totalCents, currency: res.body.currency, email: `guest-${i}@example.com` });
  }
  const holds = await withClient(databaseUrl, (client) => client.query(`select id, session_id from checkout_holds`));
  const holdOf = new Map(holds.rows.map((row) => [row.session_id, row.id]));
  const { SimulatedPaymentProvider } = require(join(ROOT, 'dist/libs/payments/src/index.js'));
  const stripe = new SimulatedPaymentProvider({ webhookSecret: secrets.STRIPE_WEBHOOK_SECRET, publicUrl: api.url });
  log(`  ${sessions.length} checkouts made (simulated payments)`);

  const ready = () => http('GET', `${api.url}/health/ready`);
  const readyBefore = await ready();

  // Redis goes away.
  await proxy.close();
  const downAt = Date.now();
  await sleep(1500); // connections notice
  const readyDuring = await ready();

  const statuses = new Map();
  const latencies = [];
  for (let round = 0; round < DUPLICATES; round++) {
    for (const s of sessions) {
      const { payload, signature } = stripe.buildSignedEvent('completed', {
        sessionId: s.sessionId,
        tenantId: tenant.id,
        holdId: holdOf.get(s.sessionId),
        eventDate: s.eventDate,
        totalCents: s.totalCents,
        currency: s.currency,
        customerEmail: s.email,
        connectedAccountId: null,
      });
      const started = Date.now();
      const res = await http('POST', `${api.url}/v1/webhooks/stripe`, { headers: { 'stripe-signature': signature }, body: payload });
      latencies.push(Date.now() - started);
      const key = `${res.status}${res.body?.duplicate ? ' duplicate' : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
  }
  const storedDuring = await withClient(
    databaseUrl,
    async (client) => (await client.query(`select status, count(*)::int as n from webhook_events group by status`)).rows,
  );
  const bookingsDuring = await withClient(databaseUrl, async (client) => (await client.query(`select count(*)::int as n from bookings`)).rows[0].n);
  await sleep(OUTAGE_MS);

  // Redis is back.
  await proxy.open();
  const upAt = Date.now();
  let drained = true;
  let upToDrain = 0;
  try {
    await waitUntil('every event processed', async () =>
      withClient(
        databaseUrl,
        async (client) => (await client.query(`select count(*)::int as n from webhook_events where status in ('PROCESSED', 'IGNORED')`)).rows[0].n >= EVENTS,
      ),
    );
    const drainedAt = Date.now();
    // The bookings' confirmation emails (their jobs were enqueued by the processing, on the restored queue).
    await waitUntil(
      'the confirmation emails',
      async () =>
        withClient(
          databaseUrl,
          async (client) => (await client.query(`select count(*)::int as n from email_deliveries where template = 'booking-confirmed'`)).rows[0].n >= EVENTS,
        ),
      30_000,
    ).catch(() => undefined);
    upToDrain = (drainedAt - upAt) / 1000;
  } catch {
    drained = false;
  }
  const drainSeconds = upToDrain.toFixed(1);
  await sleep(1000);
  const readyAfter = await ready();
  const final = await withClient(databaseUrl, async (client) => ({
    events: (await client.query(`select status, count(*)::int as n, max(attempts)::int as max_attempts from webhook_events group by status`)).rows,
    bookings: (await client.query(`select count(*)::int as n, count(distinct checkout_session_id)::int as sessions from bookings where status = 'PAID'`))
      .rows[0],
    failures: (await client.query(`select count(*)::int as n from booking_failures`)).rows[0].n,
    confirmations: (await client.query(`select count(*)::int as n from email_deliveries where template = 'booking-confirmed' and status = 'SENT'`)).rows[0].n,
  }));

  const sorted = [...latencies].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  const show = (r) => `${r.status} ${JSON.stringify(r.body?.checks ?? r.body)}`;
  log('');
  log(`ready before      ${show(readyBefore)}`);
  log(`ready during      ${show(readyDuring)}   (Redis down for ${((upAt - downAt) / 1000).toFixed(1)} s)`);
  log(
    `webhooks sent     ${latencies.length} (${EVENTS} events × ${DUPLICATES})   answers: ${[...statuses].map(([k, n]) => `${k}: ${n}`).join(', ')}   p50 ${pct(50)} ms, p99 ${pct(99)} ms`,
  );
  log(`stored during     ${storedDuring.map((r) => `${r.status} ${r.n}`).join(', ') || 'none'}; bookings during the outage: ${bookingsDuring}`);
  log(
    `after Redis back  ${drained ? `all ${EVENTS} processed in ${drainSeconds} s` : `NOT all processed within ${TIMEOUT_MS / 1000} s`}; events ${final.events.map((r) => `${r.status} ${r.n}`).join(', ')}`,
  );
  log(
    `bookings          ${final.bookings.n} paid for ${final.bookings.sessions} sessions (expected ${EVENTS}); booking failures ${final.failures}; confirmation emails ${final.confirmations}`,
  );
  log(`ready after       ${show(readyAfter)}`);
  const non200 = [...statuses].filter(([k]) => !k.startsWith('200')).reduce((n, [, c]) => n + c, 0);
  const duplicatesProcessed = final.bookings.n - final.bookings.sessions;
  log(`duplicates processed ${duplicatesProcessed}   non-200 answers ${non200}`);

  await stopChild(worker);
  await api.stop();
  await proxy.close();
  await deleteKeysWithPrefix(REDIS_URL, `${PREFIX}:`).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  const ok = non200 === 0 && readyDuring.status === 503 && drained && final.bookings.n === EVENTS && duplicatesProcessed === 0 && readyAfter.status === 200;
  log(ok ? '\nOK: every webhook answered 200 while Redis was down, and all were processed once it was back.' : '\nNOT OK: see above.');
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exit(2);
});
