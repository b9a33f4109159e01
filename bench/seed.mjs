#!/usr/bin/env node
// The benchmark's data set in a fresh database `mais_bench`: migrations by the built migrator, 50 tenants
// created by the operator CLI (so their keys are real), then 20 packages × 5 add-ons per tenant and a few
// unavailable dates per tenant (booked, held, blacked out, calendar-busy) in plain SQL.
//
//   node bench/seed.mjs            seeds and prints a summary (BENCH_SEED_OUT=file also writes the JSON)
//   import { seed } from './seed.mjs'
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_ENTRY, ensureBuild, MIGRATE_ENTRY, ROOT } from './lib/build.mjs';
import { recreateDatabase, serverUrl, withClient } from './lib/pg.mjs';
import { installCleanup, run } from './lib/process.mjs';

export const TENANTS = 50;
export const PACKAGES_PER_TENANT = 20;
export const ADD_ONS_PER_PACKAGE = 5;
/** Days from today (UTC, the seeded tenants' time zone) that the availability scenario asks about. */
export const AVAILABILITY_DAYS = 30;

/** Fresh secrets for one run: the CLI encrypts tenant secret keys with the key the API will use. */
export function generateSecrets() {
  return { JWT_SECRET: randomBytes(32).toString('hex'), TENANT_SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
}

/**
 * Seeds and returns `{ databaseUrl, secrets, tenants: [{ id, slug, publicKey }], today, counts }`.
 * `secrets` are the env values (JWT_SECRET, TENANT_SECRETS_ENCRYPTION_KEY) to start MAIS with.
 * `build: false` skips the build-if-stale step (the caller has just done it).
 */
export async function seed({ database = 'mais_bench', secrets = generateSecrets(), log = console.log, concurrency, build = true } = {}) {
  if (build) ensureBuild({ log });
  const databaseUrl = await recreateDatabase(serverUrl(), database);
  const dataDir = mkdtempSync(join(tmpdir(), 'mais-bench-'));
  try {
    const env = { DATABASE_URL: databaseUrl, NODE_ENV: 'development', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...secrets };
    const started = Date.now();
    const migrated = await run(process.execPath, [MIGRATE_ENTRY], { env, cwd: ROOT });
    log(`  ${migrated.stdout.trim()}`);

    const tenants = await createTenants(env, concurrency ?? Number(process.env.BENCH_SEED_CONCURRENCY || 3));
    log(`  ${tenants.length} tenants created by the CLI`);

    const today = new Date().toISOString().slice(0, 10);
    const counts = await withClient(databaseUrl, async (client) => {
      await client.query('begin');
      const catalog = await insertCatalog(client, tenants);
      const availability = await insertAvailability(client, tenants, today);
      await client.query('commit');
      await client.query('analyze');
      return { tenants: tenants.length, ...catalog, ...availability };
    });
    log(
      `  ${counts.packages} packages, ${counts.addOns} add-ons, ${counts.unavailableDates} unavailable dates in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    return { databaseUrl, secrets, tenants, today, counts };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createTenants(env, concurrency) {
  const numbers = Array.from({ length: TENANTS }, (_, i) => String(i + 1).padStart(2, '0'));
  const tenants = new Array(numbers.length);
  let next = 0;
  async function worker() {
    while (next < numbers.length) {
      const index = next++;
      const nn = numbers[index];
      const args = [CLI_ENTRY, 'tenant', 'create', '--name', `Bench Tenant ${nn}`, '--slug', `bench-${nn}`, '--commission', '12.5', '--json'];
      let stdout;
      try {
        ({ stdout } = await run(process.execPath, args, { env, cwd: ROOT, timeoutMs: 60_000 }));
      } catch (error) {
        throw new Error(`tenant create bench-${nn} failed (the CLI printed nothing? it may have failed while booting): ${error.message}`);
      }
      const { tenant, keys } = JSON.parse(stdout.trim().split('\n').pop());
      if (!keys?.publicKey) throw new Error(`tenant create bench-${nn} printed no public key: ${stdout}`);
      tenants[index] = { id: tenant.id, slug: tenant.slug, publicKey: keys.publicKey };
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return tenants;
}

const ADJECTIVES = [
  'Amber',
  'Blush',
  'Coastal',
  'Dusk',
  'Emerald',
  'Garden',
  'Golden',
  'Ivory',
  'Lakeside',
  'Midnight',
  'Rustic',
  'Sage',
  'Silver',
  'Twilight',
  'Velvet',
  'Vintage',
  'Willow',
  'Winter',
  'Harbor',
  'Meadow',
];
const NOUNS = ['Ceremony', 'Celebration', 'Elopement', 'Gala', 'Reception', 'Soirée', 'Brunch', 'Weekend', 'Evening', 'Affair'];
const ADD_ONS = ['Photo booth', 'String quartet', 'Champagne toast', 'Late-night snacks', 'Extra hour', 'Floral arch', 'Sparkler exit', 'Drone footage'];
const WORDS =
  'ceremony reception photographer florals lighting canapes dance floor guests venue hours setup teardown coordinator timeline string lights tables linens menu tasting rehearsal toast bouquet aisle champagne'.split(
    ' ',
  );

/** ~`length` characters of plausible words, different per seed. */
function text(seed, length) {
  const words = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const word = WORDS[(seed * 31 + i * 17) % WORDS.length];
    words.push(word);
    size += word.length + 1;
  }
  const sentence = words
    .join(' ')
    .slice(0, length - 1)
    .trimEnd();
  return sentence[0].toUpperCase() + sentence.slice(1) + '.';
}

export async function insertCatalog(client, tenants) {
  const pkg = { id: [], tenant: [], slug: [], name: [], description: [], price: [], tier: [], photo: [], offset: [] };
  const addOn = { id: [], tenant: [], pkg: [], slug: [], name: [], description: [], price: [], photo: [], offset: [] };
  tenants.forEach((tenant, t) => {
    for (let p = 0; p < PACKAGES_PER_TENANT; p++) {
      const id = randomUUID();
      const n = t * PACKAGES_PER_TENANT + p;
      pkg.id.push(id);
      pkg.tenant.push(tenant.id);
      pkg.slug.push(`package-${String(p + 1).padStart(2, '0')}`);
      // Names do not follow slugs, so "ordered by name" is a real ordering.
      pkg.name.push(`${ADJECTIVES[(p * 7 + t) % ADJECTIVES.length]} ${NOUNS[(p * 3 + t) % NOUNS.length]} ${p + 1}`);
      pkg.description.push(text(n, 200));
      pkg.price.push(150_000 + ((n * 7919) % 90) * 5_000);
      pkg.tier.push(['silver', 'gold', 'platinum', null][p % 4]);
      pkg.photo.push(`https://images.example.com/${tenant.slug}/package-${p + 1}.jpg`);
      pkg.offset.push(p);
      for (let a = 0; a < ADD_ONS_PER_PACKAGE; a++) {
        addOn.id.push(randomUUID());
        addOn.tenant.push(tenant.id);
        addOn.pkg.push(id);
        addOn.slug.push(`addon-${a + 1}`);
        addOn.name.push(ADD_ONS[(p + a) % ADD_ONS.length]);
        addOn.description.push(text(n * 5 + a, 100));
        addOn.price.push(10_000 + a * 2_500);
        addOn.photo.push(a % 2 ? null : `https://images.example.com/${tenant.slug}/package-${p + 1}/addon-${a + 1}.jpg`);
        // MAIS lists add-ons by created_at: distinct instants make that order well defined.
        addOn.offset.push(a);
      }
    }
  });
  await client.query(
    `insert into packages (id, created_at, updated_at, tenant_id, slug, name, description, base_price_cents, tier, photo_url, active)
     select id, now() + off * interval '1 millisecond', now(), tenant_id, slug, name, description, price, tier, photo, true
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::int[])
       as t(id, tenant_id, slug, name, description, price, tier, photo, off)`,
    [pkg.id, pkg.tenant, pkg.slug, pkg.name, pkg.description, pkg.price, pkg.tier, pkg.photo, pkg.offset],
  );
  await client.query(
    `insert into add_ons (id, created_at, updated_at, tenant_id, package_id, slug, name, description, price_cents, photo_url, active)
     select id, now() + off * interval '1 millisecond', now(), tenant_id, package_id, slug, name, description, price, photo, true
     from unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::int[])
       as t(id, tenant_id, package_id, slug, name, description, price, photo, off)`,
    [addOn.id, addOn.tenant, addOn.pkg, addOn.slug, addOn.name, addOn.description, addOn.price, addOn.photo, addOn.offset],
  );
  return { packages: pkg.id.length, addOns: addOn.id.length };
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Per tenant, inside [today, today + 30], shifted by tenant: 1 paid booking, 1 open hold, 2 blackouts and
 * 2 calendar-busy days (6 unavailable dates), plus rows that must NOT count: a cancelled booking and an
 * expired open hold.
 */
export async function insertAvailability(client, tenants, today) {
  let unavailableDates = 0;
  for (const [t, tenant] of tenants.entries()) {
    const day = (n) => addDays(today, ((n + t) % (AVAILABILITY_DAYS - 1)) + 1);
    const {
      rows: [pkg],
    } = await client.query('select id from packages where tenant_id = $1 order by slug limit 1', [tenant.id]);
    const customerId = randomUUID();
    await client.query(`insert into customers (id, created_at, updated_at, tenant_id, email, name) values ($1, now(), now(), $2, $3, 'Bench Customer')`, [
      customerId,
      tenant.id,
      `customer@${tenant.slug}.example.com`,
    ]);
    const booking = `insert into bookings (id, created_at, updated_at, tenant_id, event_date, status, customer_id, package_id, line_items,
        total_cents, commission_cents, commission_percent, currency, checkout_session_id)
      values (gen_random_uuid(), now(), now(), $1, $2, $3, $4, $5, '[]', 200000, 25000, 12.5, 'usd', $6)`;
    await client.query(booking, [tenant.id, day(2), 'PAID', customerId, pkg.id, `cs_bench_${tenant.slug}_paid`]);
    await client.query(booking, [tenant.id, day(4), 'CANCELLED', customerId, pkg.id, `cs_bench_${tenant.slug}_cancelled`]);
    const hold = `insert into checkout_holds (id, created_at, updated_at, tenant_id, event_date, status, expires_at, package_id, line_items,
        customer, total_cents, commission_cents, commission_percent, currency)
      values (gen_random_uuid(), now(), now(), $1, $2, 'OPEN', $3, $4, '[]', '{"email":"hold@example.com","name":"Hold"}', 200000, 25000, 12.5, 'usd')`;
    await client.query(hold, [tenant.id, day(6), new Date(Date.now() + 24 * 3600_000), pkg.id]);
    await client.query(hold, [tenant.id, day(8), new Date(Date.now() - 3600_000), pkg.id]);
    await client.query(
      `insert into blackout_dates (id, created_at, updated_at, tenant_id, date, reason)
       values (gen_random_uuid(), now(), now(), $1, $2, 'Owner vacation'), (gen_random_uuid(), now(), now(), $1, $3, null)`,
      [tenant.id, day(10), day(12)],
    );
    await client.query(
      `insert into calendar_busy_days (id, created_at, updated_at, tenant_id, date, synced_at)
       values (gen_random_uuid(), now(), now(), $1, $2, now()), (gen_random_uuid(), now(), now(), $1, $3, now())`,
      [tenant.id, day(14), day(16)],
    );
    unavailableDates += 6;
  }
  return { unavailableDates };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  installCleanup();
  try {
    console.log('Seeding the benchmark database…');
    const result = await seed();
    if (process.env.BENCH_SEED_OUT) writeFileSync(process.env.BENCH_SEED_OUT, JSON.stringify(result, null, 2) + '\n');
    console.log(`Seeded ${result.databaseUrl}`);
    console.log(`  first tenant: ${result.tenants[0].slug}  X-Tenant-Key: ${result.tenants[0].publicKey}`);
    if (!process.env.BENCH_SEED_OUT) console.log('  (BENCH_SEED_OUT=file.json writes every key and the secrets the API needs)');
  } catch (error) {
    console.error(`seed failed: ${error.message}`);
    process.exitCode = 1;
  }
}
