#!/usr/bin/env node
// Booking storm: hammers a running MAIS with concurrent checkouts and a storm of duplicated payment
// webhooks, then checks that the money path held: one hold per date, one booking per paid session,
// no duplicate processed twice, no 5xx.
//
// Run it against a running instance (with Redis, so the worker runs on BullMQ):
//
//   REDIS_URL=redis://127.0.0.1:6379 PLATFORM_ADMIN_EMAIL=ops@example.com PLATFORM_ADMIN_PASSWORD='Ops-Pass-2026!' npm start
//   PLATFORM_ADMIN_EMAIL=ops@example.com PLATFORM_ADMIN_PASSWORD='Ops-Pass-2026!' node bench/booking-storm.mjs http://localhost:3000
//
// The script creates its own tenant and package through the platform admin. To use an existing tenant
// instead, set TENANT_PUBLIC_KEY, TENANT_ID, ADMIN_TOKEN (an admin JWT that may act on that tenant) and
// optionally PACKAGE_SLUG (default `classic`).
//
// How the webhooks are sent:
//   - With STRIPE_WEBHOOK_SECRET and DATABASE_URL set, the script signs Stripe-shaped
//     `checkout.session.completed` events itself and POSTs them to /v1/webhooks/stripe (it reads the hold
//     ids of its sessions from the database, as Stripe would carry them in the session metadata). For
//     `npm start` the secret is in .data/dev-secrets.json and an embedded database's URL in
//     .data/embedded-postgres.json.
//   - Otherwise (simulated payments) it presses Pay on the dev checkout routes, which sign the same
//     events and pass them through the same ingestion; pressing twice sends the same event id again.
//
// Options (flags or env): --checkouts N (CHECKOUTS, default 500) over --dates M (DATES, default 10);
// --events E (EVENTS, default 2000) with --copies K deliveries of each event (COPIES, default 4), so
// E / K sessions are paid; --concurrency C in-flight webhook requests (CONCURRENCY, default 100);
// --timeout S seconds to wait for the bookings (TIMEOUT, default 120).
import { createHmac, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { expectStatus, pool, shuffle } from './lib/storm.mjs';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    checkouts: { type: 'string' },
    dates: { type: 'string' },
    events: { type: 'string' },
    copies: { type: 'string' },
    concurrency: { type: 'string' },
    timeout: { type: 'string' },
  },
});
const option = (name, env, fallback) => {
  const value = Number(flags[name] ?? process.env[env] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
};
const BASE_URL = (positionals[0] ?? process.env.MAIS_URL ?? 'http://localhost:3000').replace(/\/$/, '');
const CHECKOUTS = option('checkouts', 'CHECKOUTS', 500);
const DATES = option('dates', 'DATES', 10);
const EVENTS = option('events', 'EVENTS', 2000);
const COPIES = option('copies', 'COPIES', 4);
const CONCURRENCY = option('concurrency', 'CONCURRENCY', 100);
const TIMEOUT_SECONDS = option('timeout', 'TIMEOUT', 120);
const WEBHOOK_SECRET = process.env.STRIPE_WEBHOOK_SECRET?.trim();
const DATABASE_URL = process.env.DATABASE_URL?.trim();
const SIGNED = !!(WEBHOOK_SECRET && DATABASE_URL);

/** Status classes of every response, per phase. */
const tally = { setup: {}, checkouts: {}, storm: {}, verify: {} };
let fiveHundreds = 0;
let networkErrors = 0;

async function call(phase, method, path, { headers = {}, body, raw } = {}) {
  let res;
  try {
    res = await fetch(`${BASE_URL}${path}`, {
      method,
      headers: { ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: raw ?? (body !== undefined ? JSON.stringify(body) : undefined),
    });
  } catch (error) {
    networkErrors++;
    tally[phase].network = (tally[phase].network ?? 0) + 1;
    return { status: 0, json: null, error };
  }
  tally[phase][res.status] = (tally[phase][res.status] ?? 0) + 1;
  if (res.status >= 500) fiveHundreds++;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

function addDays(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function signStripe(payload, secret) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

async function setUpTenant() {
  if (process.env.TENANT_PUBLIC_KEY && process.env.TENANT_ID && process.env.ADMIN_TOKEN) {
    return {
      tenantId: process.env.TENANT_ID,
      publicKey: process.env.TENANT_PUBLIC_KEY,
      admin: { authorization: `Bearer ${process.env.ADMIN_TOKEN}`, 'x-tenant-id': process.env.TENANT_ID },
      packageSlug: process.env.PACKAGE_SLUG ?? 'classic',
    };
  }
  const email = process.env.PLATFORM_ADMIN_EMAIL;
  const password = process.env.PLATFORM_ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error('Set PLATFORM_ADMIN_EMAIL and PLATFORM_ADMIN_PASSWORD (or TENANT_PUBLIC_KEY, TENANT_ID and ADMIN_TOKEN)');
  }
  const { token } = expectStatus(await call('setup', 'POST', '/v1/admin/login', { body: { email, password } }), 200, 'login');
  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const created = expectStatus(
    await call('setup', 'POST', '/v1/admin/tenants', {
      headers: { authorization: `Bearer ${token}` },
      body: { name: `Bench ${slug}`, slug, commissionPercent: 12.5 },
    }),
    201,
    'create tenant',
  );
  const admin = { authorization: `Bearer ${token}`, 'x-tenant-id': created.tenant.id };
  expectStatus(
    await call('setup', 'POST', '/v1/admin/packages', { headers: admin, body: { slug: 'classic', name: 'Classic', basePriceCents: 250000 } }),
    201,
    'create package',
  );
  return { tenantId: created.tenant.id, publicKey: created.keys.publicKey, admin, packageSlug: 'classic' };
}

function checkoutBody(tenant, eventDate, i) {
  return { packageSlug: tenant.packageSlug, eventDate, customer: { email: `guest${i}@bench.example`, name: `Guest ${i}` } };
}

/** Bookings of the tenant with event dates in [from, to], through the admin API. */
async function listBookings(tenant, from, to) {
  const items = [];
  let cursor = null;
  do {
    const query = `from=${from}&to=${to}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = expectStatus(await call('verify', 'GET', `/v1/admin/bookings?${query}`, { headers: tenant.admin }), 200, 'list bookings');
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

async function holdIdsOf(sessionIds) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query(`select id, session_id, total_cents, currency from checkout_holds where session_id = any($1)`, [sessionIds]);
    return new Map(rows.map((row) => [row.session_id, { id: row.id, totalCents: row.total_cents, currency: row.currency }]));
  } finally {
    await client.end();
  }
}

async function main() {
  console.log(`MAIS booking storm against ${BASE_URL}`);
  console.log(
    `  ${CHECKOUTS} concurrent checkouts over ${DATES} dates; ${EVENTS} webhook deliveries (${COPIES} of each event, ${SIGNED ? 'signed here' : 'via the dev checkout routes'})`,
  );
  const tenant = await setUpTenant();
  // Far-future dates from a random base, so reruns on one tenant do not collide.
  const base = addDays(new Date().toISOString().slice(0, 10), 400 + Math.floor(Math.random() * 3000));

  // Phase 1: N checkouts at once over M dates: exactly one hold per date, every other one 409.
  const dates = Array.from({ length: DATES }, (_, i) => addDays(base, i));
  const started = performance.now();
  const checkouts = await Promise.all(
    Array.from({ length: CHECKOUTS }, (_, i) =>
      call('checkouts', 'POST', '/v1/bookings/checkout', {
        headers: { 'x-tenant-key': tenant.publicKey },
        body: checkoutBody(tenant, dates[i % DATES], i),
      }).then((res) => ({ ...res, date: dates[i % DATES] })),
    ),
  );
  const checkoutSeconds = (performance.now() - started) / 1000;
  const winners = checkouts.filter((r) => r.status === 201);
  const refused = checkouts.filter((r) => r.status === 409 && r.json?.code === 'DATE_UNAVAILABLE').length;
  const heldDates = new Set(winners.map((r) => r.date));

  // Phase 2: more sessions to pay, on dates of their own (E / K unique events in all).
  const uniqueEvents = Math.max(1, Math.ceil(EVENTS / COPIES));
  const extra = Math.max(0, uniqueEvents - winners.length);
  const extraDates = Array.from({ length: extra }, (_, i) => addDays(base, DATES + i));
  const extraSessions = await pool(extraDates, 25, async (date, i) => {
    const res = await call('setup', 'POST', '/v1/bookings/checkout', {
      headers: { 'x-tenant-key': tenant.publicKey },
      body: checkoutBody(tenant, date, CHECKOUTS + i),
    });
    return res.status === 201 ? { sessionId: res.json.sessionId, date } : null;
  });
  const sessions = [...winners.map((r) => ({ sessionId: r.json.sessionId, date: r.date })), ...extraSessions.filter(Boolean)].slice(0, uniqueEvents);

  let deliveries;
  if (SIGNED) {
    const holds = await holdIdsOf(sessions.map((s) => s.sessionId));
    const events = sessions.map((s) => {
      const event = {
        id: `evt_bench_${randomBytes(12).toString('hex')}`,
        object: 'event',
        type: 'checkout.session.completed',
        created: Math.floor(Date.now() / 1000),
        data: {
          object: {
            id: s.sessionId,
            object: 'checkout.session',
            payment_status: 'paid',
            status: 'complete',
            payment_intent: `pi_bench_${randomBytes(12).toString('hex')}`,
            // What was charged: a completion that does not match its hold's total is refunded, not booked.
            amount_total: holds.get(s.sessionId).totalCents,
            currency: holds.get(s.sessionId).currency,
            client_reference_id: holds.get(s.sessionId).id,
            metadata: { tenantId: tenant.tenantId, holdId: holds.get(s.sessionId).id, eventDate: s.date },
          },
        },
      };
      return JSON.stringify(event);
    });
    deliveries = events.flatMap((payload) =>
      Array.from(
        { length: COPIES },
        () => () => call('storm', 'POST', '/v1/webhooks/stripe', { headers: { 'stripe-signature': signStripe(payload, WEBHOOK_SECRET) }, raw: payload }),
      ),
    );
  } else {
    deliveries = sessions.flatMap((s) =>
      Array.from(
        { length: COPIES },
        () => () => call('storm', 'POST', `/v1/dev/checkout/${s.sessionId}/complete`, { headers: { accept: 'application/json' } }),
      ),
    );
  }
  deliveries = shuffle(deliveries).slice(0, EVENTS);

  // The storm: every delivery, C at a time; then wait for the worker to book every paid session.
  const stormStarted = performance.now();
  const receipts = await pool(deliveries, CONCURRENCY, (send) => send());
  const stormSeconds = (performance.now() - stormStarted) / 1000;
  const acknowledged = receipts.filter((r) => r.status === 200);
  const duplicateAcks = acknowledged.filter((r) => r.json?.duplicate === true).length;
  const firstAcks = acknowledged.length - duplicateAcks;

  const allDates = [...dates, ...extraDates].sort();
  const expectedSessions = new Set(sessions.map((s) => s.sessionId));
  let bookings = [];
  let bookedAt = null;
  const deadline = performance.now() + TIMEOUT_SECONDS * 1000;
  while (performance.now() < deadline) {
    bookings = (await listBookings(tenant, allDates[0], allDates[allDates.length - 1])).filter((b) => expectedSessions.has(b.checkoutSessionId));
    if (bookings.length >= expectedSessions.size) {
      bookedAt = performance.now();
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const perSession = new Map();
  for (const b of bookings) perSession.set(b.checkoutSessionId, (perSession.get(b.checkoutSessionId) ?? 0) + 1);
  const duplicatesProcessed = [...perSession.values()].reduce((sum, n) => sum + (n - 1), 0) + Math.max(0, firstAcks - expectedSessions.size);
  const bookingSeconds = ((bookedAt ?? performance.now()) - stormStarted) / 1000;

  const rows = [
    ['holds created vs expected', `${heldDates.size} / ${DATES}`, heldDates.size === DATES && winners.length === DATES],
    ['checkouts refused 409 DATE_UNAVAILABLE', `${refused} / ${CHECKOUTS - DATES}`, refused === CHECKOUTS - DATES],
    ['bookings vs expected', `${bookings.length} / ${expectedSessions.size}`, bookings.length === expectedSessions.size],
    [
      'webhook deliveries acknowledged',
      `${acknowledged.length} / ${deliveries.length} (${duplicateAcks} as duplicates)`,
      acknowledged.length === deliveries.length,
    ],
    ['duplicates processed (must be 0)', String(duplicatesProcessed), duplicatesProcessed === 0],
    ['5xx responses (must be 0)', String(fiveHundreds), fiveHundreds === 0],
    ['network errors', String(networkErrors), networkErrors === 0],
  ];
  console.log('');
  for (const [label, value, ok] of rows) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${label.padEnd(40)} ${value}`);
  console.log('');
  console.log(`  checkouts: ${CHECKOUTS} in ${checkoutSeconds.toFixed(2)} s (${(CHECKOUTS / checkoutSeconds).toFixed(0)}/s)`);
  console.log(`  webhook deliveries: ${deliveries.length} in ${stormSeconds.toFixed(2)} s (${(deliveries.length / stormSeconds).toFixed(0)}/s acknowledged)`);
  console.log(
    `  webhooks→bookings: ${bookings.length} bookings ${bookedAt ? 'complete' : 'so far'} ${bookingSeconds.toFixed(2)} s after the storm began (${(bookings.length / bookingSeconds).toFixed(1)} bookings/s)`,
  );
  console.log(`  responses by phase: ${JSON.stringify(tally)}`);
  process.exitCode = rows.every(([, , ok]) => ok) ? 0 : 1;
}

main().catch((error) => {
  console.error(`booking storm failed: ${error.message}`);
  process.exitCode = 2;
});
