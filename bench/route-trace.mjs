// Which of MAIS's own source files a request passes through, for the five routes the architecture
// overview traces (docs/architecture.md): widget catalog (a cache hit and a miss), checkout, Stripe webhook
// to booking (through the jobs it records, emails included), config publish, agent proposal.
//
// It starts the built standalone process (API + in-process jobs, as `npm start`) under the inspector, runs
// each route once to warm it up, then asks V8 for precise coverage around one more call of it: a file
// counts when at least one of its functions ran during that call. Module loading and first-use set-up are
// therefore not counted; timers that fire in the window are, so the recurring sweeps are set to an hour.
//
//   npm run build && node --experimental-websocket bench/route-trace.mjs          # this checkout's dist/
//   TRACE_ROOT=/path/to/other/checkout node --experimental-websocket bench/route-trace.mjs
//   TRACE_LIST=1 …                                                                  # also list the files
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectInspector } from './lib/inspector.mjs';
import { recreateDatabase, serverUrl, withClient } from './lib/pg.mjs';
import { freePort, installCleanup, startServer } from './lib/process.mjs';

const ROOT = resolve(process.env.TRACE_ROOT ?? join(fileURLToPath(import.meta.url), '../..'));
const ENTRY = join(ROOT, 'dist/apps/standalone/src/main.js');
const LIST = process.env.TRACE_LIST === '1';
const ADMIN = { email: 'trace-ops@mais.local', password: 'Trace-Ops-Pass-2026' };
const WEBHOOK_SECRET = `whsec_trace_${randomBytes(8).toString('hex')}`;

if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build in ${ROOT}`);
installCleanup();

const dataDir = mkdtempSync(join(tmpdir(), 'mais-trace-'));
const databaseUrl = await recreateDatabase(serverUrl(), 'mais_route_trace');
const [port, inspectPort] = [await freePort(), await freePort()];
const server = await startServer({
  name: 'MAIS standalone',
  args: [`--inspect=127.0.0.1:${inspectPort}`, ENTRY],
  cwd: ROOT,
  port,
  inheritEnv: false,
  timeoutMs: 120_000,
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SIMULATED_PAYMENTS: 'true',
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PLATFORM_ADMIN_EMAIL: ADMIN.email,
    PLATFORM_ADMIN_PASSWORD: ADMIN.password,
    WEBHOOK_SWEEP_INTERVAL_MS: '3600000',
  },
});
const inspector = await connectInspector(inspectPort);
const base = server.url;

async function call(method, path, { headers = {}, body, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (raw !== undefined) ((init.body = raw), (init.headers['content-type'] = 'application/json'));
  else if (body !== undefined) ((init.body = JSON.stringify(body)), (init.headers['content-type'] = 'application/json'));
  const res = await fetch(base + path, init);
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, text };
}
function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json;
}
const day = (n) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A tenant of its own, with a package and an add-on.
const token = expect(await call('POST', '/v1/admin/login', { body: ADMIN }), 200, 'login').token;
const auth = { authorization: `Bearer ${token}` };
const created = expect(
  await call('POST', '/v1/admin/tenants', { headers: auth, body: { name: 'Trace Weddings', slug: `trace-${Date.now().toString(36)}`, commissionPercent: 10 } }),
  201,
  'tenant',
);
const tenantId = created.tenant.id;
const asTenant = { ...auth, 'x-tenant-id': tenantId };
const widget = { 'x-tenant-key': created.keys.publicKey };
const agent = { authorization: `Bearer ${created.keys.secretKey}` };
const pkg = expect(
  await call('POST', '/v1/admin/packages', {
    headers: asTenant,
    body: { slug: 'classic', name: 'Classic', description: 'Ceremony and reception', basePriceCents: 250000, tier: 'gold', active: true },
  }),
  201,
  'package',
);
expect(
  await call('POST', `/v1/admin/packages/${pkg.id}/addons`, {
    headers: asTenant,
    body: { slug: 'flowers', name: 'Flowers', description: 'Arch', priceCents: 30000 },
  }),
  201,
  'add-on',
);

/** The project's files (dist/apps, dist/libs) with a function that ran during `action`. */
async function filesDuring(action) {
  await inspector.call('Profiler.takePreciseCoverage'); // resets the counters
  await action();
  const { result } = await inspector.call('Profiler.takePreciseCoverage');
  const prefix = `file://${join(ROOT, 'dist')}/`;
  return result
    .filter((script) => script.url.startsWith(prefix) && script.functions.some((fn) => fn.ranges[0].count > 0))
    .map((script) => script.url.slice(prefix.length).replace(/\.js$/, '.ts'))
    .filter((file) => file.startsWith('apps/') || file.startsWith('libs/'))
    .sort();
}

let dayOffset = 40;
async function checkout() {
  const res = await call('POST', '/v1/bookings/checkout', {
    headers: { ...widget, 'idempotency-key': randomBytes(8).toString('hex') },
    body: { packageSlug: 'classic', eventDate: day(dayOffset++), customer: { email: 'couple@example.com', name: 'A Couple' } },
  });
  return expect(res, 201, 'checkout');
}
async function paid(sessionId) {
  const hold = await withClient(
    databaseUrl,
    async (c) => (await c.query('select id, total_cents, currency, event_date::text as date from checkout_holds where session_id = $1', [sessionId])).rows[0],
  );
  const payload = JSON.stringify({
    id: `evt_trace_${randomBytes(8).toString('hex')}`,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        payment_status: 'paid',
        status: 'complete',
        payment_intent: `pi_trace_${randomBytes(8).toString('hex')}`,
        amount_total: hold.total_cents,
        currency: hold.currency,
        client_reference_id: hold.id,
        metadata: { tenantId, holdId: hold.id, eventDate: hold.date },
      },
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `t=${timestamp},v1=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${payload}`).digest('hex')}`;
  expect(await call('POST', '/v1/webhooks/stripe', { headers: { 'stripe-signature': signature }, raw: payload }), 200, 'webhook');
  // Until the booking and both of its emails are done (read straight from the database: no request of ours in the window).
  for (let i = 0; i < 200; i++) {
    const done = await withClient(databaseUrl, async (c) => {
      const b = await c.query('select 1 from bookings where checkout_session_id = $1', [sessionId]);
      const e = await c.query(`select count(*)::int as n from email_deliveries where status <> 'CLAIMED'`).catch(() => ({ rows: [{ n: 0 }] }));
      return b.rowCount === 1 && e.rows[0].n >= 2 * (paidCount + 1);
    });
    if (done) break;
    await sleep(50);
  }
  await sleep(300);
  paidCount++;
}
let paidCount = 0;
async function publish() {
  const draft = expect(await call('POST', '/v1/admin/config/versions', { headers: asTenant, body: {} }), 201, 'draft');
  return () => call('POST', `/v1/admin/config/versions/${draft.id}/publish`, { headers: asTenant }).then((r) => expect(r, 200, 'publish'));
}
const propose = async () =>
  expect(
    await call('POST', '/v1/agent/proposals', {
      headers: agent,
      body: { summary: 'brighter', patch: [{ op: 'replace', path: '/branding/primaryColor', value: `#${randomBytes(3).toString('hex')}` }] },
    }),
    201,
    'proposal',
  );

await inspector.call('Profiler.enable');
await inspector.call('Profiler.startPreciseCoverage', { callCount: true, detailed: false });

const routes = [];
async function trace(name, warm, traced) {
  await warm();
  await warm();
  routes.push({ name, files: await filesDuring(traced) });
}
let tier = 0;
await trace(
  'widget catalog, cache hit: GET /v1/packages',
  () => call('GET', '/v1/packages', { headers: widget }),
  () => call('GET', '/v1/packages', { headers: widget }).then((r) => expect(r, 200, 'catalog')),
);
await trace(
  'widget catalog, cache miss: GET /v1/packages?q=…',
  () => call('GET', `/v1/packages?q=warm${tier++}`, { headers: widget }),
  () => call('GET', `/v1/packages?q=cold${tier++}`, { headers: widget }).then((r) => expect(r, 200, 'catalog miss')),
);
await trace('checkout: POST /v1/bookings/checkout', checkout, checkout);
const sessions = [(await checkout()).sessionId, (await checkout()).sessionId, (await checkout()).sessionId];
await trace(
  'Stripe webhook to booking, its emails and event: POST /v1/webhooks/stripe + jobs',
  () => paid(sessions.shift()),
  () => paid(sessions.shift()),
);
const publishes = [await publish(), await publish(), await publish()];
await trace(
  'config publish: POST /v1/admin/config/versions/{id}/publish',
  () => publishes.shift()(),
  () => publishes.shift()(),
);
await trace('agent proposal: POST /v1/agent/proposals', propose, propose);

console.log(`\nRoute traces of ${ROOT} (files of apps/ and libs/ with code that ran during one call, after two warm-ups)\n`);
for (const route of routes) {
  const byArea = {};
  for (const file of route.files) {
    const area = file.split('/').slice(0, 2).join('/');
    byArea[area] = (byArea[area] ?? 0) + 1;
  }
  console.log(`  ${String(route.files.length).padStart(3)}  ${route.name}`);
  console.log(
    `       ${Object.entries(byArea)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ')}`,
  );
  if (LIST) for (const file of route.files) console.log(`         ${file}`);
}

await inspector.close();
await server.stop();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
