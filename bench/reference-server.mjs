#!/usr/bin/env node
// The bare reference: what a hand-written server on the same tables answers, with no framework, no ORM and
// no cache: node:http + one pg Pool, PostgreSQL builds the JSON (json_agg), named (prepared) statements.
//
//   DATABASE_URL=postgresql://… node bench/reference-server.mjs [port]     (or PORT=…; REF_POOL_MAX, default 10
//   like MAIS's MikroORM pool)
//
// GET /health
// GET /v1/packages                          X-Tenant-Key → MAIS's widget catalog shape, packages by name
// GET /v1/availability/unavailable?from=&to= X-Tenant-Key → { from, to, dates: [{ date, reason }] }
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const TENANT_BY_KEY = {
  name: 'tenant_by_public_key',
  text: 'select id, currency, timezone from tenants where public_key = $1 and is_active',
};

// json_agg of rows (not json_build_object) gives compact JSON; the ordered subqueries set the list orders
// (packages by name, add-ons by creation, like MAIS).
const PACKAGES = {
  name: 'active_packages_json',
  text: `select coalesce(json_agg(pkg), '[]'::json)::text as body from (
      select p.id, p.slug, p.name, p.description, p.base_price_cents as "basePriceCents", $2::text as currency,
        p.tier, p.photo_url as "photoUrl", false as featured,
        coalesce((
          select json_agg(a) from (
            select a.id, a.slug, a.name, a.description, a.price_cents as "priceCents", a.photo_url as "photoUrl"
            from add_ons a where a.package_id = p.id and a.active order by a.created_at, a.id) a
        ), '[]'::json) as "addOns"
      from packages p where p.tenant_id = $1 and p.active order by p.name, p.id) pkg`,
};

// MAIS's reasons and precedence: PAST (before the tenant's today), BOOKED, BLACKOUT, CALENDAR_BUSY, HELD;
// one row per date.
const UNAVAILABLE = {
  name: 'unavailable_dates_json',
  text: `select coalesce(json_agg(d), '[]'::json)::text as dates from (
      select distinct on (day) to_char(day, 'YYYY-MM-DD') as date, reason from (
        select day::date, 'PAST' as reason, 0 as rank
          from generate_series($2::date, least($3::date, (now() at time zone $4::text)::date - 1), interval '1 day') day
        union all
        select event_date, 'BOOKED', 1 from bookings
          where tenant_id = $1 and status = 'PAID' and event_date between $2::date and $3::date
        union all
        select date, 'BLACKOUT', 2 from blackout_dates where tenant_id = $1 and date between $2::date and $3::date
        union all
        select date, 'CALENDAR_BUSY', 3 from calendar_busy_days where tenant_id = $1 and date between $2::date and $3::date
        union all
        select event_date, 'HELD', 4 from checkout_holds
          where tenant_id = $1 and status = 'OPEN' and expires_at > now() and event_date between $2::date and $3::date
      ) sources order by day, rank
    ) d`,
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

export function createReferenceServer({ databaseUrl, poolMax = 10 }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });

  const send = (res, status, body, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const problem = (res, status, title) => send(res, status, JSON.stringify({ type: 'about:blank', title, status }), 'application/problem+json; charset=utf-8');

  async function tenantOf(req, res) {
    const key = req.headers['x-tenant-key'];
    if (typeof key !== 'string' || key === '') {
      problem(res, 401, 'X-Tenant-Key is required');
      return undefined;
    }
    const { rows } = await pool.query({ ...TENANT_BY_KEY, values: [key] });
    if (rows.length === 0) problem(res, 401, 'Unknown or inactive tenant key');
    return rows[0];
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://reference');
    if (req.method !== 'GET') return problem(res, 405, 'Method not allowed');
    if (url.pathname === '/health') return send(res, 200, '{"status":"healthy"}');
    if (url.pathname === '/v1/packages') {
      const tenant = await tenantOf(req, res);
      if (!tenant) return;
      const { rows } = await pool.query({ ...PACKAGES, values: [tenant.id, tenant.currency] });
      return send(res, 200, rows[0].body);
    }
    if (url.pathname === '/v1/availability/unavailable') {
      const from = url.searchParams.get('from') ?? '';
      const to = url.searchParams.get('to') ?? '';
      const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
      if (!DATE.test(from) || !DATE.test(to) || !(days >= 0 && days <= 366)) {
        return problem(res, 400, 'from and to must be YYYY-MM-DD dates, from ≤ to, at most 366 days apart');
      }
      const tenant = await tenantOf(req, res);
      if (!tenant) return;
      const { rows } = await pool.query({ ...UNAVAILABLE, values: [tenant.id, from, to, tenant.timezone] });
      // from and to passed the pattern above, so they need no escaping.
      return send(res, 200, `{"from":"${from}","to":"${to}","dates":${rows[0].dates}}`);
    }
    return problem(res, 404, 'Not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(error);
      if (!res.headersSent) problem(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('close', () => pool.end());
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 3100);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  const server = createReferenceServer({ databaseUrl, poolMax: Number(process.env.REF_POOL_MAX || 10) });
  server.listen(port, '127.0.0.1', () => console.log(`reference server on http://127.0.0.1:${port}`));
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
    });
}
