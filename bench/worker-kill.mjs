#!/usr/bin/env node
// SIGKILL the worker while jobs are active, start it again, and count: every job completes, none twice.
//
//   node bench/worker-kill.mjs                       build if stale, seed, enqueue, kill, restart, count
//   BENCH_BOOKINGS=400 BENCH_KILLS=2 node bench/worker-kill.mjs
//
// A production build of the worker (`node dist/apps/worker/src/main.js`, NODE_ENV=production) runs the real
// `emails` and `calendar` processors against a fresh database `mais_worker_kill`, real Redis (its own queue
// prefix, deleted at the end), and two small local stand-ins for Postmark (POST /email) and Google (token,
// events insert with Google's 409 for a known id, freeBusy). Per booking three jobs are enqueued exactly as the
// booking pipeline does (same job ids): the customer's confirmation, the tenant's notice, the calendar event.
// The worker is killed with SIGKILL once jobs are active (BENCH_KILLS times, at spread-out points), then
// started again; BullMQ hands the jobs it held back to the next worker once their locks expire (30 s, the
// worker's default lock; the stalled check then runs within another 30 s), so a run takes one to two minutes.
//
// Counts printed: jobs enqueued, completed, failed; jobs active at each kill; emails Postmark accepted and
// duplicates among them (same template, recipient and booking twice); calendar events Google holds and
// duplicates (an event id inserted twice: impossible when the id is derived from the booking, which is the
// point); email_deliveries rows and bookings without their event. duplicates must be 0.
//
// Knobs: BENCH_BOOKINGS (200), BENCH_TENANTS (4), BENCH_KILLS (1; a job active at two kills is failed by
// BullMQ's maxStalledCount 1, by design), BENCH_GOOGLE_LATENCY_MS (150), BENCH_POSTMARK_LATENCY_MS (100: about
// Postmark's own answer time), BENCH_TIMEOUT_S (240), BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SKIP_BUILD.
//
// Emails are sent at most once: a delivery row is committed as the claim before the message goes out, so a
// worker killed mid-send leaves a claim without Postmark's message id ("unconfirmed") and the re-run does not
// send again. Postmark most likely has the message (the request was under way), which this fake records on
// receipt; a kill in the millisecond between the claim and the request leaving would lose it instead, and
// shows as "accepted" below "expected", with the same number of unconfirmed rows to find it by.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuild, MIGRATE_ENTRY, ROOT } from './lib/build.mjs';
import { fakeGoogle, listen, reply, serviceAccountJson } from './lib/fake-google.mjs';
import { recreateDatabase, serverUrl, withClient } from './lib/pg.mjs';
import { installCleanup, run, sleep, track } from './lib/process.mjs';
import { deleteKeysWithPrefix } from './lib/redis.mjs';
import { spawn } from 'node:child_process';

const env = process.env;
const count = (name, fallback) => {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const BOOKINGS = count('BENCH_BOOKINGS', 200);
const TENANTS = Math.max(1, count('BENCH_TENANTS', 4));
const KILLS = count('BENCH_KILLS', 1);
const GOOGLE_LATENCY_MS = count('BENCH_GOOGLE_LATENCY_MS', 150);
const POSTMARK_LATENCY_MS = count('BENCH_POSTMARK_LATENCY_MS', 100);
const TIMEOUT_MS = count('BENCH_TIMEOUT_S', 240) * 1000;
const REDIS_URL = env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const PREFIX = `mais-killbench-${randomBytes(4).toString('hex')}`;
const WORKER_ENTRY = join(ROOT, 'dist/apps/worker/src/main.js');
const require = createRequire(import.meta.url);
const log = (line = '') => console.log(line);

/** A local Postmark: records each accepted message (on receipt, as Postmark accepts it) and answers after a delay. */
function fakePostmark(token) {
  const messages = [];
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', async () => {
      requests++;
      if (req.headers['x-postmark-server-token'] !== token) return reply(res, 401, { ErrorCode: 10, Message: 'Bad token' });
      const email = JSON.parse(body);
      const messageId = randomUUID();
      messages.push({ to: email.To, tag: email.Tag, reference: /reference: ([0-9a-f-]{36})/i.exec(email.TextBody ?? '')?.[1] ?? '?', messageId });
      await sleep(POSTMARK_LATENCY_MS);
      reply(res, 200, { To: email.To, SubmittedAt: new Date().toISOString(), MessageID: messageId, ErrorCode: 0, Message: 'OK' });
    });
  });
  return { server, messages, requests: () => requests };
}

/** Tenants, one admin each, a connected calendar each, and BOOKINGS paid bookings spread over them, in plain SQL. */
async function seedData(databaseUrl, encryptionKey) {
  const { SecretCipher } = require(join(ROOT, 'dist/libs/tenancy/src/secret-cipher.js'));
  const cipher = new SecretCipher(Buffer.from(encryptionKey, 'hex'));
  const tenants = Array.from({ length: TENANTS }, (_, i) => ({ id: randomUUID(), slug: `kill-${i + 1}` }));
  const bookings = [];
  await withClient(databaseUrl, async (client) => {
    await client.query('begin');
    for (const tenant of tenants) {
      await client.query(
        `insert into tenants (id, created_at, updated_at, name, slug, public_key, secret_key_hash, secret_key_ciphertext, commission_percent)
         values ($1, now(), now(), $2, $3, $4, $5, 'unused', 12.5)`,
        [tenant.id, `Studio ${tenant.slug}`, tenant.slug, `pk_live_${tenant.slug}_${randomBytes(16).toString('hex')}`, randomBytes(32).toString('hex')],
      );
      await client.query(
        `insert into users (id, created_at, updated_at, email, password_hash, role, tenant_id) values ($1, now(), now(), $2, 'unused', 'TENANT_ADMIN', $3)`,
        [randomUUID(), `owner@${tenant.slug}.test`, tenant.id],
      );
      await client.query(
        `insert into calendar_settings (id, created_at, updated_at, tenant_id, calendar_id, credentials_ciphertext, status) values ($1, now(), now(), $2, $3, $4, 'NEVER_SYNCED')`,
        [randomUUID(), tenant.id, `${tenant.slug}@group.calendar.google.com`, cipher.encrypt(serviceAccountJson(), tenant.id)],
      );
    }
    for (let i = 0; i < BOOKINGS; i++) {
      const tenant = tenants[i % TENANTS];
      const customerId = randomUUID();
      const bookingId = randomUUID();
      const eventDate = new Date(Date.UTC(2027, 0, 1) + Math.floor(i / TENANTS) * 86_400_000).toISOString().slice(0, 10);
      await client.query(`insert into customers (id, created_at, updated_at, tenant_id, email, name) values ($1, now(), now(), $2, $3, $4)`, [
        customerId,
        tenant.id,
        `guest-${i}@example.com`,
        `Guest ${i}`,
      ]);
      await client.query(
        `insert into bookings (id, created_at, updated_at, tenant_id, event_date, status, customer_id, line_items, total_cents, commission_cents, commission_percent, currency, checkout_session_id)
         values ($1, now(), now(), $2, $3, 'PAID', $4, $5, 250000, 31250, 12.5, 'usd', $6)`,
        [
          bookingId,
          tenant.id,
          eventDate,
          customerId,
          JSON.stringify([{ kind: 'PACKAGE', id: randomUUID(), slug: 'classic', name: 'Classic', priceCents: 250000 }]),
          `cs_bench_${i}`,
        ],
      );
      bookings.push({ id: bookingId, tenantId: tenant.id });
    }
    await client.query('commit');
  });
  return { tenants, bookings };
}

function startWorker(workerEnv, label) {
  const child = track(spawn(process.execPath, [WORKER_ENTRY], { cwd: ROOT, env: workerEnv, stdio: ['ignore', 'pipe', 'pipe'] }));
  const lines = [];
  const keep = (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 400) lines.splice(0, lines.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.label = label;
  child.lines = lines;
  return child;
}

async function main() {
  installCleanup();
  log(
    `Worker SIGKILL bench: ${BOOKINGS} bookings × 3 jobs over ${TENANTS} tenants, ${KILLS} kill(s), Google ${GOOGLE_LATENCY_MS} ms, Postmark ${POSTMARK_LATENCY_MS} ms.`,
  );
  const built = ensureBuild({ log });
  if (built) log(`  built in ${built.toFixed(0)} s`);

  const secrets = { JWT_SECRET: randomBytes(32).toString('hex'), TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  const databaseUrl = await recreateDatabase(serverUrl(), 'mais_worker_kill');
  const dataDir = mkdtempSync(join(tmpdir(), 'mais-worker-kill-'));
  await run(process.execPath, [MIGRATE_ENTRY], { env: { DATABASE_URL: databaseUrl, NODE_ENV: 'development', DATA_DIR: dataDir, ...secrets }, cwd: ROOT });
  const { bookings } = await seedData(databaseUrl, secrets.TENANT_SECRETS_ENCRYPTION_KEY);

  const postmarkToken = randomBytes(8).toString('hex');
  const postmark = fakePostmark(postmarkToken);
  const google = fakeGoogle({ latencyMs: GOOGLE_LATENCY_MS });
  const [postmarkUrl, googleUrl] = await Promise.all([listen(postmark.server), listen(google.server)]);

  const { BullMqJobQueue } = require(join(ROOT, 'dist/libs/jobs/src/index.js'));
  // The producer's options travel with each job (attempts, backoff): the defaults, with a short backoff base.
  const producer = new BullMqJobQueue({ connection: REDIS_URL, prefix: PREFIX, queues: { all: { backoffDelayMs: 200 } } });
  const jobs = [];
  for (const { id: bookingId, tenantId } of bookings) {
    jobs.push(['emails', 'emails.send', { tenantId, template: 'booking-confirmed', bookingId }, `email-booking-confirmed-${bookingId}`]);
    jobs.push(['emails', 'emails.send', { tenantId, template: 'booking-new-tenant', bookingId }, `email-booking-new-tenant-${bookingId}`]);
    jobs.push(['calendar', 'calendar.upsert-event', { tenantId, bookingId }, `calendar-upsert-event-${bookingId}`]);
  }
  for (const [, name, payload, jobId] of jobs) await producer.enqueue(name, payload, { jobId });
  log(`Seeded ${bookings.length} bookings and enqueued ${jobs.length} jobs.`);

  const workerEnv = {
    PATH: env.PATH,
    NODE_ENV: 'production',
    SIMULATED_PAYMENTS: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    DATA_DIR: dataDir,
    POSTMARK_SERVER_TOKEN: postmarkToken,
    POSTMARK_API_URL: postmarkUrl,
    POSTMARK_FROM_EMAIL: 'bookings@mais.bench',
    GOOGLE_API_URL: googleUrl,
    // A killed worker's jobs are taken over once their lock lapses: short locks keep the run short.
    JOB_LOCK_DURATION_MS: env.JOB_LOCK_DURATION_MS ?? '5000',
    JOB_STALLED_INTERVAL_MS: env.JOB_STALLED_INTERVAL_MS ?? '2000',
    ...secrets,
  };
  const states = async () => {
    const tally = { completed: 0, failed: 0, active: 0, waiting: 0, delayed: 0, other: 0 };
    for (const [queue, , , jobId] of jobs) {
      const state = await producer.bullQueue(queue).getJobState(jobId);
      tally[state in tally ? state : state === 'prioritized' ? 'waiting' : 'other'] += 1;
    }
    return tally;
  };

  const started = Date.now();
  const kills = [];
  let worker = startWorker(workerEnv, 'worker #1');
  for (let k = 1; k <= KILLS; k++) {
    // Kill at spread-out points of the run: after 1/(KILLS+2), 2/(KILLS+2)… of the jobs have completed.
    const target = Math.floor((jobs.length * k) / (KILLS + 2));
    let tally = await states();
    while (tally.completed < target || tally.active === 0) {
      if (Date.now() - started > TIMEOUT_MS) throw new Error(`no progress to kill at: ${JSON.stringify(tally)}\n${worker.lines.slice(-20).join('\n')}`);
      await sleep(25);
      tally = await states();
    }
    const active = await Promise.all(['emails', 'calendar'].map((q) => producer.bullQueue(q).getJobs(['active'])));
    worker.kill('SIGKILL');
    await new Promise((resolve) => (worker.exitCode !== null || worker.signalCode !== null ? resolve() : worker.once('exit', resolve)));
    kills.push({
      at: ((Date.now() - started) / 1000).toFixed(1),
      completed: tally.completed,
      active: active.flat().filter((j) => jobs.some(([, , , id]) => id === j.id)).length,
    });
    log(`  SIGKILL ${worker.label} at ${kills.at(-1).at} s: ${tally.completed} of ${jobs.length} completed, ${kills.at(-1).active} active`);
    worker = startWorker(workerEnv, `worker #${k + 1}`);
  }

  let tally = await states();
  let lastReport = Date.now();
  while (tally.completed + tally.failed < jobs.length) {
    if (Date.now() - started > TIMEOUT_MS) break;
    if (Date.now() - lastReport > 10_000) {
      log(
        `  … ${tally.completed} completed, ${tally.active} active, ${tally.waiting} waiting, ${tally.delayed} delayed (stalled jobs wait for their lock to expire)`,
      );
      lastReport = Date.now();
    }
    await sleep(250);
    tally = await states();
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  await sleep(500); // lets the last commits land
  const workerLog = worker.lines;
  // SIGTERM: the graceful path, finishing what it holds.
  await new Promise((resolve) => {
    worker.once('exit', resolve);
    worker.kill('SIGTERM');
  });

  const emailKeys = new Map();
  for (const m of postmark.messages) emailKeys.set(`${m.tag}|${m.to}|${m.reference}`, (emailKeys.get(`${m.tag}|${m.to}|${m.reference}`) ?? 0) + 1);
  const duplicateEmails = [...emailKeys.values()].reduce((sum, n) => sum + n - 1, 0);
  const duplicateEvents = [...google.events.values()].reduce((sum, e) => sum + e.accepted - 1, 0);
  const db = await withClient(databaseUrl, async (client) => ({
    deliveries: Number((await client.query(`select count(*) from email_deliveries where status = 'SENT'`)).rows[0].count),
    unconfirmed: Number((await client.query(`select count(*) from email_deliveries where status = 'SENT' and provider_message_id is null`)).rows[0].count),
    withoutEvent: Number((await client.query(`select count(*) from bookings where calendar_event_id is null`)).rows[0].count),
  }));
  const expectedEmails = 2 * bookings.length;

  log('');
  log(`enqueued    ${jobs.length}`);
  log(
    `completed   ${tally.completed}${tally.failed ? `   failed ${tally.failed}` : ''}${tally.completed + tally.failed < jobs.length ? `   UNFINISHED ${jobs.length - tally.completed - tally.failed}` : ''}   in ${seconds} s`,
  );
  log(`killed      ${kills.map((k) => `at ${k.at} s with ${k.active} active`).join('; ') || 'never'}`);
  log(
    `emails      ${postmark.messages.length} accepted by Postmark of ${expectedEmails} expected (${postmark.requests()} requests); ${db.deliveries} delivery records, ${db.unconfirmed} unconfirmed (claimed by the killed worker, not resent)`,
  );
  log(
    `events      ${google.events.size} in the calendar of ${bookings.length} expected; ${google.inserts()} inserts, ${google.conflicts()} answered 409 (a re-run finding its event); ${db.withoutEvent} bookings without one`,
  );
  const lost = Math.max(0, expectedEmails - new Set(emailKeys.keys()).size);
  log(`duplicates  ${duplicateEmails + duplicateEvents}   (emails ${duplicateEmails}, events ${duplicateEvents})`);
  log(
    `not sent    ${lost}   (claimed in the millisecond before the request left, then killed: among the ${db.unconfirmed} unconfirmed rows, logged by the re-run)`,
  );
  const problems = workerLog.filter((line) => /"level":(50|60)|error/i.test(line) && !/SIGKILL/.test(line));
  if (problems.length) log(`\nworker errors (last ${Math.min(5, problems.length)} of ${problems.length}):\n${problems.slice(-5).join('\n')}`);

  await producer.close();
  postmark.server.close();
  google.server.close();
  await deleteKeysWithPrefix(REDIS_URL, `${PREFIX}:`).catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
  // Emails are at most once (see the top): an email the kill cut off before it left is reported, and must be flagged.
  const ok =
    tally.completed === jobs.length &&
    duplicateEmails + duplicateEvents === 0 &&
    db.deliveries === expectedEmails &&
    lost <= db.unconfirmed &&
    google.events.size === bookings.length &&
    db.withoutEvent === 0;
  log(
    ok
      ? `\nOK: every job completed, none twice${lost ? ` (${lost} email(s) cut off by the kill, flagged unconfirmed)` : ''}.`
      : '\nNOT OK: see the counts above.',
  );
  process.exit(ok ? 0 : 1);
}

main().catch((error) => {
  console.error(error.stack ?? error.message);
  process.exit(2);
});
