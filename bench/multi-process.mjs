#!/usr/bin/env node
// Many processes: 2 API processes and 2 worker processes (production build, NODE_ENV=production, separate OS
// processes) on one PostgreSQL and one Redis. A checkout + signed webhook storm and widget reads are spread
// over both APIs; one worker is SIGKILLed in the middle of the storm. Then it checks the invariants:
//
//   - no double booking: at most one live booking per tenant and date, exactly one per paid session;
//   - no lost webhook: every distinct event stored once and PROCESSED, none left PENDING;
//   - no job run twice where it must run once: one confirmation email claimed per booking, and no email
//     written twice, though BullMQ re-runs the killed worker's active jobs. An email the killed worker had
//     claimed but not confirmed is not sent again (at most once, as bench/worker-kill.mjs explains): counted;
//   - shared state: a package price changed through API 1 is read at once through API 2 (the read cache's
//     generation lives in Redis); login failures counted on both APIs add up to one limit (Redis limits).
//
//   node bench/multi-process.mjs            build if stale, then about one to two minutes here
//   BENCH_TENANTS=4 BENCH_SESSIONS=40 BENCH_COPIES=4 node bench/multi-process.mjs
//
// Payments are simulated (SIMULATED_PAYMENTS=true, docs/adr/0011): there is no Stripe here. The script signs
// Stripe-shaped `checkout.session.completed` events with the processes' STRIPE_WEBHOOK_SECRET, as Stripe
// would, so the API's ingestion and the worker's processing are the production ones. Workers get a 5 s job
// lock and a 2 s stalled check so the killed worker's jobs come back within seconds (defaults: 30 s each).
// Knobs: BENCH_TENANTS (4), BENCH_SESSIONS per tenant (40), BENCH_COPIES per event (4), BENCH_CONCURRENCY (40),
// BENCH_TIMEOUT_S (120), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SKIP_BUILD; BENCH_APIS and BENCH_WORKERS (2 each),
// BENCH_KILL (1: kill worker 1 halfway, needs 2 workers), BENCH_LOST_RACES (20: dates paid twice, see below),
// BENCH_READS (1: widget reads alongside), BENCH_CPU_PROF=dir (V8 CPU profiles of every process, written at exit),
// BENCH_CALENDARS (half the tenants: connected to a local fake Google, their bookings' calendar events checked once each);
// JOB_CONCURRENCY_<QUEUE> passes through to the workers.
//
// Throughput (issue 14): `BENCH_APIS=1 BENCH_WORKERS=1 BENCH_KILL=0 BENCH_READS=0 BENCH_TENANTS=20 BENCH_SESSIONS=100`
// is the production split of one API and one worker; "bookings/s" is the paid sessions divided by the time from the
// first webhook sent to the last booking committed (its created_at). The lost-race batch: a checkout whose hold is
// made to lapse (expires_at moved into the past in SQL, as if the customer sat on the payment page), a second
// checkout that takes the same date, then both paid: exactly one booking and one refunded failure per such date,
// whichever event the worker takes first.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_ENTRY, ensureBuild, MIGRATE_ENTRY, ROOT } from './lib/build.mjs';
import { recreateDatabase, serverUrl, withClient } from './lib/pg.mjs';
import { freePort, installCleanup, run, sleep, startServer, stopAll } from './lib/process.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { fakeGoogle, listen, serviceAccountJson } from './lib/fake-google.mjs';
import { createRequire } from 'node:module';
import { expectStatus, pool, shuffle } from './lib/storm.mjs';

const env = process.env;
const count = (name, fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const TENANTS = count('BENCH_TENANTS', 4);
const SESSIONS = count('BENCH_SESSIONS', 40);
const COPIES = count('BENCH_COPIES', 4);
const CONCURRENCY = count('BENCH_CONCURRENCY', 40);
const TIMEOUT_MS = count('BENCH_TIMEOUT_S', 120) * 1000;
const whole = (name, fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const API_COUNT = count('BENCH_APIS', 2);
const WORKER_COUNT = count('BENCH_WORKERS', 2);
const KILL = whole('BENCH_KILL', WORKER_COUNT > 1 ? 1 : 0) === 1;
/** Tenants with a Google Calendar connected (a local fake Google): their bookings' calendar events are queued and made. */
const CALENDARS = Math.min(whole('BENCH_CALENDARS', Math.ceil(TENANTS / 2)), TENANTS);
if (KILL && WORKER_COUNT < 2) throw new Error("BENCH_KILL=1 needs BENCH_WORKERS ≥ 2: someone must take over the killed worker's jobs");
const LOST_RACES = whole('BENCH_LOST_RACES', 20);
const READS = whole('BENCH_READS', 1) === 1;
const CPU_PROF = env.BENCH_CPU_PROF ? join(process.cwd(), env.BENCH_CPU_PROF) : null;
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `mais-multi-${randomBytes(4).toString('hex')}`;
const WORKER_ENTRY = join(ROOT, 'dist/apps/worker/src/main.js');
const ADMIN = { email: 'ops@multi.bench', password: 'Multi-Bench-Pass-2026!' };
const log = (line = '') => console.log(line);

let fiveHundreds = 0;
let networkErrors = 0;

/**
 * One HTTP call on a kept-alive connection (node:http: the load generator shares the machine's two cores with what it
 * measures, and costs less this way than with fetch). Returns `{ status, json }`; a network error is counted.
 */
function call(base, method, path, { headers = {}, body, raw } = {}) {
  const payload = raw ?? (body !== undefined ? JSON.stringify(body) : undefined);
  return new Promise((resolve) => {
    const req = httpRequest(
      `${base}${path}`,
      {
        method,
        agent: keepAlive,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => {
          if (res.statusCode >= 500) fiveHundreds++;
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode, json });
        });
        res.on('error', (error) => {
          networkErrors++;
          resolve({ status: 0, json: null, error });
        });
      },
    );
    req.on('error', (error) => {
      networkErrors++;
      resolve({ status: 0, json: null, error });
    });
    req.end(payload);
  });
}
const keepAlive = new HttpAgent({ keepAlive: true });

function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function signStripe(payload, secret) {
  const timestamp = Math.floor(Date.now() / 1000);
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex')}`;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); null elsewhere or once it is gone. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return null;
  }
}

/** CPU seconds of every process whose command is `name` (PostgreSQL's backends come and go: a lower bound). */
function cpuSecondsOf(name) {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name) total += cpuSeconds(pid) ?? 0;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

function metricLines(text, names) {
  return text.split('\n').filter((line) => names.some((name) => line.startsWith(name)) && !line.includes('_bucket{'));
}

async function main() {
  installCleanup();
  log(
    `MAIS multi-process check: ${API_COUNT} API(s) + ${WORKER_COUNT} worker(s), ${TENANTS} tenants × ${SESSIONS} paid sessions, ` +
      `${LOST_RACES} lost races, ${COPIES} deliveries per event${KILL ? ', worker 1 killed halfway' : ''}`,
  );
  ensureBuild({ log });
  const server = serverUrl();
  const databaseUrl = await recreateDatabase(server, 'mais_multi');
  const dataDir = mkdtempSync(join(tmpdir(), 'mais-multi-'));
  const google = fakeGoogle();
  const googleUrl = await listen(google.server);
  const common = {
    PATH: env.PATH,
    HOME: env.HOME ?? tmpdir(),
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    JWT_SECRET: randomBytes(32).toString('hex'),
    TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SIMULATED_PAYMENTS: 'true',
    STRIPE_WEBHOOK_SECRET: 'whsec_' + randomBytes(24).toString('hex'),
    PLATFORM_ADMIN_EMAIL: ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: ADMIN.password,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    JOB_LOCK_DURATION_MS: '5000',
    JOB_STALLED_INTERVAL_MS: '2000',
    WEBHOOK_SWEEP_INTERVAL_MS: '5000',
    // Every checkout here comes from one address (this script): lift the per-client hold limit (ADR 0013).
    HOLDS_PER_CLIENT_PER_HOUR: '100000',
    GOOGLE_API_URL: googleUrl,
    // The worker's per-queue concurrency, when the run sets it (JOB_CONCURRENCY_WEBHOOKS=32 …).
    ...Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('JOB_CONCURRENCY_'))),
  };
  try {
    await run(process.execPath, [MIGRATE_ENTRY], { env: common, cwd: ROOT });

    const profiled = (entry) => (CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`, entry] : [entry]);
    const names = (kind, n) => Array.from({ length: n }, (_, i) => `${kind}-${i + 1}`);
    const apis = [];
    for (const name of names('api', API_COUNT)) {
      const port = await freePort();
      apis.push(
        await startServer({ name, args: profiled(API_ENTRY), env: { ...common, PORT: String(port), HOST: '127.0.0.1' }, inheritEnv: false, cwd: ROOT, port }),
      );
    }
    const workers = [];
    for (const name of names('worker', WORKER_COUNT)) {
      const port = await freePort();
      workers.push(
        await startServer({
          name,
          args: profiled(WORKER_ENTRY),
          env: { ...common, METRICS_PORT: String(port), HOST: '127.0.0.1' },
          inheritEnv: false,
          cwd: ROOT,
          port,
          // The worker's only HTTP surface; 401 without the token still proves it is up.
          healthPath: '/metrics',
          readyStatus: 401,
        }),
      );
    }
    log(`  processes: ${[...apis, ...workers].map((p) => `${p.name} pid ${p.pid}`).join(', ')}`);
    const urls = apis.map((api) => api.url);
    const [a1, a2 = a1] = urls;
    /** The API that takes the i-th request of a kind: round robin over all of them. */
    const apiFor = (i) => urls[i % urls.length];
    const survivor = workers[workers.length - 1];
    const metricsAuth = { authorization: `Bearer ${common.METRICS_TOKEN}` };

    // Set-up through API 1: tenants, one package each.
    const { token } = expectStatus(await call(a1, 'POST', '/v1/admin/login', { body: ADMIN }), 200, 'login');
    const tenants = [];
    for (let i = 0; i < TENANTS; i++) {
      const slug = `multi-${i}-${randomBytes(3).toString('hex')}`;
      const created = expectStatus(
        await call(a1, 'POST', '/v1/admin/tenants', {
          headers: { authorization: `Bearer ${token}` },
          body: { name: `Multi ${i}`, slug, commissionPercent: 12.5 },
        }),
        201,
        'create tenant',
      );
      const admin = { authorization: `Bearer ${token}`, 'x-tenant-id': created.tenant.id };
      const pkg = expectStatus(
        await call(a1, 'POST', '/v1/admin/packages', { headers: admin, body: { slug: 'classic', name: 'Classic', basePriceCents: 250000 } }),
        201,
        'create package',
      );
      tenants.push({ id: created.tenant.id, publicKey: created.keys.publicKey, admin, packageId: pkg.id });
    }
    // The first CALENDARS tenants connect a Google Calendar (the row the console's connect step writes, credentials
    // encrypted as it does): each of their bookings must queue one calendar event, made once at the fake Google.
    const { SecretCipher } = createRequire(import.meta.url)(join(ROOT, 'dist/libs/tenancy/src/secret-cipher.js'));
    const cipher = new SecretCipher(Buffer.from(common.TENANT_SECRETS_ENCRYPTION_KEY, 'hex'));
    await withClient(databaseUrl, async (client) => {
      for (const tenant of tenants.slice(0, CALENDARS)) {
        await client.query(
          `insert into calendar_settings (id, created_at, updated_at, tenant_id, calendar_id, credentials_ciphertext, status) values ($1, now(), now(), $2, $3, $4, 'NEVER_SYNCED')`,
          [randomUUID(), tenant.id, `${tenant.id}@group.calendar.google.com`, cipher.encrypt(serviceAccountJson(), tenant.id)],
        );
      }
    });

    // Checkouts spread over both APIs: SESSIONS distinct dates per tenant, plus 10 rivals for one contested date.
    // Dates no one else uses, inside the 5 years ahead that a checkout may name.
    const span = SESSIONS + 3 + Math.ceil(LOST_RACES / TENANTS);
    if (span > 1400) throw new Error(`BENCH_SESSIONS is too large: ${span} dates per tenant do not fit in the bookable 5 years`);
    const base = addDays(new Date().toISOString().slice(0, 10), 400 + Math.floor(Math.random() * (1400 - span)));
    const sessions = [];
    const jobs = tenants.flatMap((tenant, t) => Array.from({ length: SESSIONS }, (_, i) => ({ tenant, t, date: addDays(base, i), i })));
    await pool(jobs, 20, async ({ tenant, date, i, t }) => {
      const res = await call(apiFor(i + t), 'POST', '/v1/bookings/checkout', {
        headers: { 'x-tenant-key': tenant.publicKey },
        body: { packageSlug: 'classic', eventDate: date, customer: { email: `guest${t}-${i}@multi.bench`, name: `Guest ${i}` } },
      });
      sessions.push({ tenant, date, sessionId: expectStatus(res, 201, 'checkout').sessionId });
    });
    const contestedDate = addDays(base, SESSIONS + 1);
    const rivals = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(apiFor(i), 'POST', '/v1/bookings/checkout', {
          headers: { 'x-tenant-key': tenants[0].publicKey },
          body: { packageSlug: 'classic', eventDate: contestedDate, customer: { email: `rival${i}@multi.bench`, name: `Rival ${i}` } },
        }),
      ),
    );
    const rivalWinners = rivals.filter((r) => r.status === 201);
    for (const r of rivalWinners) sessions.push({ tenant: tenants[0], date: contestedDate, sessionId: r.json.sessionId });

    // Lost races: the first customer's hold lapses while they are on the payment page, a second takes the date,
    // both pay. One of them is booked and the other refunded, in whichever order the events are processed.
    const lostRaces = [];
    const checkout = (tenant, date, who, i) =>
      call(apiFor(i), 'POST', '/v1/bookings/checkout', {
        headers: { 'x-tenant-key': tenant.publicKey },
        body: { packageSlug: 'classic', eventDate: date, customer: { email: `${who}@multi.bench`, name: who } },
      });
    for (let i = 0; i < LOST_RACES; i++) {
      const tenant = tenants[i % tenants.length];
      const date = addDays(base, SESSIONS + 2 + Math.floor(i / tenants.length));
      const first = expectStatus(await checkout(tenant, date, `late${i}`, i), 201, 'lost-race checkout').sessionId;
      await withClient(databaseUrl, (c) => c.query(`update checkout_holds set expires_at = now() - interval '1 second' where session_id = $1`, [first]));
      const second = expectStatus(await checkout(tenant, date, `early${i}`, i + 1), 201, 'lost-race rival checkout').sessionId;
      lostRaces.push({ tenant, date, sessions: [first, second] });
    }
    const racedSessions = lostRaces.flatMap((race) => race.sessions.map((sessionId) => ({ tenant: race.tenant, date: race.date, sessionId })));

    // Signed completion events, as Stripe sends them (hold ids read from the database, as Stripe carries them).
    const holds = await withClient(databaseUrl, async (client) => {
      const { rows } = await client.query('select id, session_id, total_cents, currency from checkout_holds where session_id = any($1)', [
        [...sessions, ...racedSessions].map((s) => s.sessionId),
      ]);
      return new Map(rows.map((row) => [row.session_id, row]));
    });
    const events = [...sessions, ...racedSessions].map((s) => {
      const hold = holds.get(s.sessionId);
      return JSON.stringify({
        id: `evt_multi_${randomBytes(12).toString('hex')}`,
        object: 'event',
        type: 'checkout.session.completed',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: s.sessionId,
            object: 'checkout.session',
            payment_status: 'paid',
            status: 'complete',
            payment_intent: `pi_multi_${randomBytes(12).toString('hex')}`,
            amount_total: hold.total_cents,
            currency: hold.currency,
            client_reference_id: hold.id,
            metadata: { tenantId: s.tenant.id, holdId: hold.id, eventDate: s.date },
          },
        },
      });
    });
    const deliveries = shuffle(events.flatMap((payload) => Array.from({ length: COPIES }, () => payload)));
    const reads = { count: 0, ok: 0 };

    // The storm, with widget reads on both APIs alongside; worker 1 is SIGKILLed halfway.
    let killedAt = null;
    const cpuCounters = () => ({
      // This script: the load generator shares the two cores with what it measures.
      bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      ...Object.fromEntries([...apis, ...workers].map((p) => [p.name, cpuSeconds(p.pid)])),
      postgres: cpuSecondsOf('postgres'),
      'redis-server': cpuSecondsOf('redis-server'),
    });
    const cpuBefore = cpuCounters();
    const stormStarted = performance.now();
    let readsRunning = READS;
    const readers = Promise.all(
      urls.map(async (api) => {
        while (readsRunning) {
          const tenant = tenants[reads.count % tenants.length];
          const res = await call(api, 'GET', '/v1/packages', { headers: { 'x-tenant-key': tenant.publicKey } });
          reads.count++;
          if (res.status === 200) reads.ok++;
        }
      }),
    );
    const receipts = await pool(deliveries, CONCURRENCY, async (payload, index) => {
      if (KILL && index === Math.floor(deliveries.length / 2) && !killedAt) {
        workers[0].child.kill('SIGKILL');
        killedAt = ((performance.now() - stormStarted) / 1000).toFixed(2);
      }
      return call(apiFor(index), 'POST', '/v1/webhooks/stripe', {
        headers: { 'stripe-signature': signStripe(payload, common.STRIPE_WEBHOOK_SECRET) },
        raw: payload,
      });
    });
    const stormSeconds = (performance.now() - stormStarted) / 1000;
    const acknowledged = receipts.filter((r) => r.status === 200).length;
    const midStormMetrics = await call(survivor.url, 'GET', '/metrics', { headers: metricsAuth });

    // Wait until every event is out of PENDING (the surviving worker takes over the killed one's jobs).
    const deadline = Date.now() + TIMEOUT_MS;
    let pending = Infinity;
    while (Date.now() < deadline) {
      pending = await withClient(databaseUrl, async (c) =>
        Number((await c.query(`select count(*) from webhook_events where status = 'PENDING'`)).rows[0].count),
      );
      if (pending === 0) break;
      await sleep(250);
    }
    const doneSeconds = (performance.now() - stormStarted) / 1000;
    const doneAt = new Date().toISOString();
    const cpuAfter = cpuCounters();
    readsRunning = false;
    await readers;
    // Emails are queued by the booking; let the surviving worker drain them (lock expiry included). The
    // tenants here have no notification address, so a booking sends one email: the customer's confirmation.
    // Per lost race, the winner's confirmation and the loser's refund notice.
    const expectedEmails = sessions.length + 2 * lostRaces.length;
    let emailRows = 0;
    while (Date.now() < deadline) {
      emailRows = await withClient(databaseUrl, async (c) =>
        Number((await c.query(`select count(*) from email_deliveries where status = 'SENT'`)).rows[0].count),
      );
      if (emailRows >= expectedEmails) break;
      await sleep(250);
    }
    const cpuDrained = cpuCounters();
    // And the calendar events of the connected tenants' bookings.
    const expectedCalendarEvents = await withClient(databaseUrl, async (c) =>
      Number(
        (
          await c.query(
            `select count(*) from bookings b where b.status = 'PAID' and exists (select 1 from calendar_settings s where s.tenant_id = b.tenant_id)`,
          )
        ).rows[0].count,
      ),
    );
    while (Date.now() < deadline && google.events.size < expectedCalendarEvents) await sleep(250);

    const facts = await withClient(databaseUrl, async (c) => {
      const one = async (sql, params = []) => (await c.query(sql, params)).rows;
      return {
        events: await one('select status, count(*)::int as n from webhook_events group by status order by status'),
        doubleBooked: (
          await one(
            `select count(*)::int as n from (select tenant_id, event_date from bookings where status <> 'CANCELLED' group by 1, 2 having count(*) > 1) d`,
          )
        )[0].n,
        bookings: (await one('select count(*)::int as n from bookings where checkout_session_id = any($1)', [sessions.map((s) => s.sessionId)]))[0].n,
        // Seconds from the first webhook stored to the last booking committed.
        lastBookingSeconds: (
          await one(
            `select extract(epoch from (select max(created_at) from bookings where checkout_session_id = any($1))
                                     - (select min(received_at) from webhook_events))::float as s`,
            [[...sessions, ...racedSessions].map((s) => s.sessionId)],
          )
        )[0].s,
        // Per lost race: one booking, one failure with its refund, whichever came first.
        races: (
          await one(
            `select d.event_date::text as date, d.tenant_id,
                    (select count(*) from bookings b where b.tenant_id = d.tenant_id and b.event_date = d.event_date and b.status = 'PAID')::int as booked,
                    (select count(*) from booking_failures f where f.tenant_id = d.tenant_id and f.event_date = d.event_date and f.refund_id is not null)::int as refunded
               from (select distinct tenant_id, event_date from checkout_holds where session_id = any($1)) d`,
            [racedSessions.map((s) => s.sessionId)],
          )
        ).filter((race) => race.booked === 1 && race.refunded === 1).length,
        // A booking's jobs go through the outbox (one row per deterministic job id), handed to the queue once (SENT).
        jobs: Object.fromEntries(
          (await one(`select name, count(*)::int as n, count(*) filter (where status = 'SENT')::int as sent from outbox_jobs group by name`)).map((row) => [
            row.name,
            row,
          ]),
        ),
        perSessionMax: (await one('select coalesce(max(n), 0)::int as n from (select count(*) as n from bookings group by checkout_session_id) s'))[0].n,
        emails: await one(`select status, count(*)::int as n from email_deliveries group by status order by status`),
        // A claim the killed worker made but never confirmed: not sent again, by design (at most once).
        unconfirmed: (await one(`select count(*)::int as n from email_deliveries where provider_message_id is null`))[0].n,
      };
    });
    const emailDir = join(dataDir, 'emails');
    const emailNames = existsSync(emailDir) ? readdirSync(emailDir) : [];
    const emailFiles = emailNames.filter((f) => !f.startsWith('.')).length;
    const halfWritten = emailNames.length - emailFiles;
    const eventsStored = facts.events.reduce((sum, row) => sum + row.n, 0);
    const processed = facts.events.find((row) => row.status === 'PROCESSED')?.n ?? 0;

    // Shared cache: a price change through API 1 is seen at once through API 2 (which had it cached).
    const tenant = tenants[0];
    await call(a2, 'GET', '/v1/packages/classic', { headers: { 'x-tenant-key': tenant.publicKey } });
    expectStatus(
      await call(a1, 'PATCH', `/v1/admin/packages/${tenant.packageId}`, { headers: tenant.admin, body: { basePriceCents: 260000 } }),
      200,
      'update package',
    );
    const seen = await call(a2, 'GET', '/v1/packages/classic', { headers: { 'x-tenant-key': tenant.publicKey } });
    const cacheShared = seen.json?.basePriceCents === 260000;

    // Shared rate limit: the login limit per client and account (10 per 15 minutes, ADR 0013) counted over
    // both APIs: 5 wrong passwords on each, then the 11th attempt must be refused, whichever API takes it.
    const wrong = { email: 'nobody@multi.bench', password: 'wrong-password-123' };
    const attempts = [];
    for (let i = 0; i < 11; i++) attempts.push((await call(i % 2 ? a2 : a1, 'POST', '/v1/admin/login', { body: wrong })).status);
    const rateShared = attempts.slice(0, 10).every((s) => s === 401) && attempts[10] === 429;

    const apiMetrics = await call(a2, 'GET', '/metrics', { headers: metricsAuth });
    const workerMetrics = await call(survivor.url, 'GET', '/metrics', { headers: metricsAuth });
    const crashed = [...apis, ...workers.slice(KILL ? 1 : 0)].filter((p) => p.crashed()).map((p) => p.name);

    const rows = [
      ['double bookings (tenant, date) (must be 0)', String(facts.doubleBooked), facts.doubleBooked === 0],
      ['contested date: holds won by 10 rivals', `${rivalWinners.length} / 1`, rivalWinners.length === 1],
      ['bookings vs paid sessions', `${facts.bookings} / ${sessions.length}`, facts.bookings === sessions.length],
      ['most bookings for one session (must be 1)', String(facts.perSessionMax), facts.perSessionMax === 1],
      ['webhook deliveries acknowledged 200', `${acknowledged} / ${deliveries.length}`, acknowledged === deliveries.length],
      ['distinct events stored, PROCESSED', `${eventsStored}, ${processed} / ${events.length}`, eventsStored === events.length && processed === events.length],
      ['lost races: one booking + one refund per date', `${facts.races} / ${lostRaces.length}`, facts.races === lostRaces.length],
      ...[
        // One email job per booking (the couple's confirmation and the business's notice), one per refund; one calendar
        // event per booking of a tenant with a calendar connected. No tenant here has a webhook endpoint: no fan-out job.
        ['emails.send', sessions.length + 2 * lostRaces.length],
        ['calendar.upsert-event', expectedCalendarEvents],
        ['tenant-webhooks.fan-out', 0],
      ].map(([name, expected]) => {
        const row = facts.jobs[name] ?? { n: 0, sent: 0 };
        return [`${name} jobs queued, handed to the queue`, `${row.n}, ${row.sent} / ${expected}`, row.n === expected && row.sent === expected];
      }),
      [
        'calendar events made at Google, each once',
        `${google.events.size} / ${expectedCalendarEvents} (${google.inserts()} inserts, ${google.conflicts()} answered 409)`,
        google.events.size === expectedCalendarEvents && [...google.events.values()].every((e) => e.accepted === 1),
      ],
      ['events left PENDING (lost) (must be 0)', String(pending), pending === 0],
      ['confirmation emails claimed vs bookings', `${emailRows} / ${expectedEmails}`, emailRows === expectedEmails],
      // Each claim sends at most once: a confirmed claim has its file; a claim the kill left unconfirmed may have one
      // (written, not yet confirmed), half of one, or none. More files than claims would be an email sent twice.
      [
        'emails written: confirmed ≤ files ≤ claims (never twice)',
        `${emailRows - facts.unconfirmed} ≤ ${emailFiles} ≤ ${emailRows} (${halfWritten} half-written)`,
        emailFiles >= emailRows - facts.unconfirmed && emailFiles <= emailRows,
      ],
      ['claims the kill left unconfirmed (not resent, by design)', String(facts.unconfirmed), true],
      ['price change on API 1 read at once on API 2', cacheShared ? 'yes' : `no (${JSON.stringify(seen.json)?.slice(0, 80)})`, cacheShared],
      ['login limit shared (5 + 5 failures → 11th 429)', attempts.join(' '), rateShared],
      ['widget reads on every API answered 200', `${reads.ok} / ${reads.count}`, reads.ok === reads.count && (reads.count > 0 || !READS)],
      ['5xx responses (must be 0)', String(fiveHundreds), fiveHundreds === 0],
      ['network errors (must be 0)', String(networkErrors), networkErrors === 0],
      ['processes that died on their own', crashed.join(', ') || 'none', crashed.length === 0],
    ];
    log('');
    for (const [label, value, ok] of rows) log(`  ${ok ? 'ok  ' : 'FAIL'} ${label.padEnd(48)} ${value}`);
    log('');
    log(
      `  ${KILL ? `worker-1 SIGKILLed ${killedAt} s into the storm; ` : ''}${deliveries.length} deliveries sent in ${stormSeconds.toFixed(2)} s ` +
        `(${Math.round(deliveries.length / stormSeconds)}/s); every event out of PENDING after ${doneSeconds.toFixed(2)} s (${doneAt})`,
    );
    const bookingsMade = facts.bookings + facts.races;
    log(
      `  bookings/s: ${bookingsMade} bookings, the last committed ${facts.lastBookingSeconds.toFixed(2)} s after the first webhook was stored: ` +
        `${(bookingsMade / facts.lastBookingSeconds).toFixed(1)} bookings/s`,
    );
    if (existsSync('/proc/self/stat')) {
      const cpuLine = (until, label) => {
        const used = Object.keys(cpuBefore).map((name) => [name, until[name] !== null && cpuBefore[name] !== null ? until[name] - cpuBefore[name] : null]);
        log(
          `  CPU from the first webhook until ${label} (s, and ms per booking): ` +
            used.map(([name, s]) => (s === null ? `${name} n/a` : `${name} ${s.toFixed(1)} (${((1000 * s) / bookingsMade).toFixed(1)})`)).join(', '),
        );
      };
      cpuLine(cpuAfter, 'every event was processed');
      // The emails queued meanwhile are sent after the last booking: the whole cost of a booking, for a sustained rate.
      cpuLine(cpuDrained, 'the last email was claimed');
    }
    log(`  webhook events by status: ${JSON.stringify(facts.events)}; email deliveries: ${JSON.stringify(facts.emails)}`);
    log('');
    log(`  ${survivor.name} /metrics right after the storm:`);
    for (const line of metricLines(String(midStormMetrics.json), ['mais_queue_jobs{', 'mais_job_duration_seconds_count{'])) log(`    ${line}`);
    log(`  ${survivor.name} /metrics at the end:`);
    for (const line of metricLines(String(workerMetrics.json), [
      'mais_bookings{',
      'mais_webhook_events{',
      'mais_webhook_lag_seconds{',
      'mais_job_duration_seconds_count{',
      'mais_job_failures_total{',
      'mais_db_pool_connections{',
    ]))
      log(`    ${line}`);
    log(`  ${apis[apis.length - 1].name} /metrics at the end (request counts by route):`);
    for (const line of metricLines(String(apiMetrics.json), ['mais_http_requests_total{', 'mais_cache_requests_total{'])) log(`    ${line}`);
    process.exitCode = rows.every(([, , ok]) => ok) ? 0 : 1;
  } finally {
    await stopAll();
    google.server.close();
    await deleteKeysWithPrefix(REDIS_URL, `${PREFIX}:`).catch((error) => console.error(`could not delete the run's Redis keys: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`multi-process check failed: ${error.stack ?? error.message}`);
  process.exitCode = 2;
});
