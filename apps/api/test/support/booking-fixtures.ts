import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { EntityManager } from '@mikro-orm/postgresql';
import { addDays, CatalogService, todayIn, UserRole } from '@mais/domain';
import { TenantScope, TenantService } from '@mais/tenancy';
import { signStripePayload } from '@mais/testing';
import { loginToken, seedUser, TestApp } from './harness';

/**
 * Fixtures of the booking pipeline e2e suites: tenants with a catalog (and a connected account for the
 * Stripe suites), admins, checkout requests, signed provider events, and polling for the worker.
 */
export interface BookingTenant {
  id: string;
  slug: string;
  publicKey: string;
  /** The secret key (agents). */
  secretKey: string;
  stripeAccountId: string | null;
  /** Admin JWT of a TENANT_ADMIN of this tenant. */
  adminToken: string;
  packageId: string;
  /** Active add-ons of `classic`. */
  addOns: { drone: string; album: string };
  /** An inactive add-on of `classic`. */
  retiredAddOnId: string;
  /** An active add-on of another package. */
  foreignAddOnId: string;
}

export async function createBookingTenant(
  t: TestApp,
  slug: string,
  options: { stripeAccountId?: string | null; commissionPercent?: string; timezone?: string } = {},
): Promise<BookingTenant> {
  const scope = t.app.get(TenantScope);
  const { tenant, keys } = await scope.runUnscoped(() =>
    t.app.get(TenantService).create({
      name: `Tenant ${slug}`,
      slug,
      commissionPercent: options.commissionPercent ?? '12.5',
      stripeAccountId: options.stripeAccountId ?? null,
      timezone: options.timezone ?? 'UTC',
    }),
  );
  const catalog = await scope.run(tenant.id, async () => {
    const service = t.app.get(CatalogService);
    const classic = await service.createPackage({ slug: 'classic', name: 'Classic', basePriceCents: 10001 });
    const drone = await service.addAddOn(classic.id, { slug: 'drone', name: 'Drone footage', priceCents: 2000 });
    const album = await service.addAddOn(classic.id, { slug: 'album', name: 'Printed album', priceCents: 3000 });
    const retired = await service.addAddOn(classic.id, { slug: 'retired', name: 'Retired', priceCents: 999, active: false });
    const other = await service.createPackage({ slug: 'other', name: 'Other', basePriceCents: 5000 });
    const foreign = await service.addAddOn(other.id, { slug: 'cake', name: 'Cake', priceCents: 700 });
    return { packageId: classic.id, addOns: { drone: drone.id, album: album.id }, retiredAddOnId: retired.id, foreignAddOnId: foreign.id };
  });
  const email = `admin-${slug}@example.test`;
  await seedUser(t, email, 'Admin-Pass-2026!', UserRole.TENANT_ADMIN, tenant.id);
  return {
    id: tenant.id,
    slug,
    publicKey: keys.publicKey,
    secretKey: keys.secretKey,
    stripeAccountId: tenant.stripeAccountId,
    adminToken: await loginToken(t, email, 'Admin-Pass-2026!'),
    ...catalog,
  };
}

export async function createPlatformAdmin(t: TestApp): Promise<string> {
  const email = `ops-${randomBytes(3).toString('hex')}@example.test`;
  await seedUser(t, email, 'Ops-Pass-2026!', UserRole.PLATFORM_ADMIN);
  return loginToken(t, email, 'Ops-Pass-2026!');
}

let dayOffset = 30;
/** A date in the future no other test of this process uses. */
export function freshDate(): string {
  dayOffset += 1;
  return addDays(todayIn('UTC'), dayOffset);
}

export function checkoutBody(eventDate: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { packageSlug: 'classic', eventDate, customer: { email: 'Ann@Example.com', name: 'Ann Lee', phone: '+15551234567' }, ...extra };
}

export function postCheckout(
  t: TestApp,
  tenant: Pick<BookingTenant, 'publicKey'>,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'POST', url: '/v1/bookings/checkout', headers: { 'x-tenant-key': tenant.publicKey, ...headers }, payload: body as object });
}

export function adminGet(t: TestApp, tenant: Pick<BookingTenant, 'adminToken'>, url: string): Promise<LightMyRequestResponse> {
  return t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${tenant.adminToken}` } });
}

/** A Stripe event (as Stripe posts it to a Connect webhook endpoint). */
export function stripeEvent(type: string, object: Record<string, unknown>, account: string | null, id = `evt_test_${randomBytes(12).toString('hex')}`) {
  return {
    id,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    type,
    ...(account ? { account } : {}),
    data: { object },
  };
}

/** POSTs an event to the webhook route, signed with the app's webhook secret (or as told). */
export function postWebhook(
  t: TestApp,
  event: unknown,
  options: { secret?: string; timestamp?: number; signature?: string | null; payload?: string } = {},
): Promise<LightMyRequestResponse> {
  const payload = options.payload ?? JSON.stringify(event);
  const signature =
    options.signature === undefined ? signStripePayload(payload, options.secret ?? t.settings.stripeWebhookSecret, options.timestamp) : options.signature;
  return t.app.inject({
    method: 'POST',
    url: '/v1/webhooks/stripe',
    headers: { 'content-type': 'application/json', ...(signature !== null ? { 'stripe-signature': signature } : {}) },
    payload,
  });
}

/** Raw SQL on the test database (outside any tenant scope: assertions only). */
export async function sql<T = Record<string, unknown>>(t: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.get(EntityManager).getConnection().execute(query, params);
}

/** Polls until `probe` returns a truthy value (the worker is asynchronous). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function webhookEventStatus(t: TestApp, providerEventId: string): Promise<string | undefined> {
  const [row] = await sql<{ status: string }>(t, `select status from webhook_events where provider_event_id = ?`, [providerEventId]);
  return row?.status;
}

/** Waits until the worker has finished with an event (any status but PENDING). */
export function processed(t: TestApp, providerEventId: string, timeoutMs?: number): Promise<string> {
  return eventually(
    async () => {
      const status = await webhookEventStatus(t, providerEventId);
      return status && status !== 'PENDING' ? status : null;
    },
    `webhook event ${providerEventId} to be processed`,
    timeoutMs,
  );
}
