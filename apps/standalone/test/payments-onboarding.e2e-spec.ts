import { FakeStripeServer } from '@mais/testing';
import { SIMULATED_REQUIREMENTS_DUE } from '@mais/payments';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import {
  checkoutBody,
  createBookingTenant,
  createPlatformAdmin,
  freshDate,
  postCheckout,
  postWebhook,
  processed,
  sql,
  stripeEvent,
  type BookingTenant,
} from '../../api/test/support/booking-fixtures';

/** A Connect event about `account`, sent `secondsAgo` before now (Stripe's `created`). */
function accountEvent(type: string, object: Record<string, unknown>, account: string, secondsAgo = 0) {
  return { ...stripeEvent(type, object, account), created: Math.floor(Date.now() / 1000) - secondsAgo };
}

const enabledAccount = (id: string) => ({
  id,
  object: 'account',
  charges_enabled: true,
  details_submitted: true,
  requirements: { currently_due: [], past_due: [], disabled_reason: null },
});

/**
 * Issue 15, Stripe Connect onboarding: the real `stripe` client against the local fake Stripe for account and
 * link creation; Connect events signed like Stripe's through the webhook route, queue and worker.
 */
describe('Stripe Connect onboarding', () => {
  let fake: FakeStripeServer;
  let t: TestApp;
  let tenant: BookingTenant;

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    t = await createTestApp({
      worker: WorkerModule,
      env: {
        STRIPE_SECRET_KEY: 'sk_test_mais',
        STRIPE_API_URL: fake.url,
        STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_connect_endpoint',
        PUBLIC_URL: 'https://mais.example',
      },
    });
    tenant = await createBookingTenant(t, 'connect', { stripeAccountId: null });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.stop();
  });

  const admin = () => ({ authorization: `Bearer ${tenant.adminToken}` });
  const status = async () => (await t.app.inject({ method: 'GET', url: '/v1/admin/payments', headers: admin() })).json();
  const onboard = () => t.app.inject({ method: 'POST', url: '/v1/admin/payments/onboarding', headers: admin() });
  const checkout = () => postCheckout(t, tenant, checkoutBody(freshDate()));
  const deliver = async (event: { id: string }, secret?: string) => {
    expect((await postWebhook(t, event, { secret })).statusCode).toBe(200);
    return processed(t, event.id);
  };

  it('refuses checkout with a clear 409 while the business has no connected account, holding nothing', async () => {
    expect(await status()).toMatchObject({ provider: 'stripe', ready: false, accountId: null, missing: ['A connected payment account: start onboarding'] });
    const res = await checkout();
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'PAYMENTS_NOT_READY', errors: [{ field: 'payments', message: 'A connected payment account: start onboarding' }] });
    expect(await sql(t, `select 1 from checkout_holds where tenant_id = ?`, [tenant.id])).toEqual([]);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(0);
  });

  it('creates an Express account on first onboarding and an Account Link back to the console; later calls reuse the account', async () => {
    const first = await onboard();
    expect(first.statusCode).toBe(200);
    const { url, accountId, accountCreated, expiresAt } = first.json();
    expect(accountCreated).toBe(true);
    expect(accountId).toMatch(/^acct_/);
    expect(url).toContain(`${fake.url}/setup/e/${accountId}/`);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    const [create] = fake.requestsTo('POST', '/v1/accounts');
    expect(create.body).toMatchObject({ type: 'express', metadata: { tenantId: tenant.id }, capabilities: { card_payments: { requested: 'true' } } });
    expect(create.idempotencyKey).toBe(`connect-account-${tenant.id}-first`);
    expect(fake.requestsTo('POST', '/v1/account_links')[0].body).toMatchObject({
      account: accountId,
      type: 'account_onboarding',
      return_url: 'https://mais.example/console#/settings/payments',
      refresh_url: 'https://mais.example/console#/settings/payments/refresh',
    });
    // A new account cannot take charges yet, and says what it needs.
    expect(await status()).toMatchObject({
      ready: false,
      accountId,
      chargesEnabled: false,
      detailsSubmitted: false,
      requirementsDue: ['business_type', 'external_account', 'tos_acceptance.date'],
      missing: ['Stripe needs: business_type', 'Stripe needs: external_account', 'Stripe needs: tos_acceptance.date'],
    });
    expect((await checkout()).json().code).toBe('PAYMENTS_NOT_READY');

    const again = (await onboard()).json();
    expect(again).toMatchObject({ accountId, accountCreated: false });
    expect(fake.requestsTo('POST', '/v1/accounts')).toHaveLength(1);
    expect(fake.requestsTo('POST', '/v1/account_links')).toHaveLength(2);
    tenant.stripeAccountId = accountId;
  });

  it('keeps the status current from account.updated (on either signing secret), ignoring an older event that arrives late', async () => {
    const account = tenant.stripeAccountId!;
    const pending = accountEvent(
      'account.updated',
      { id: account, object: 'account', charges_enabled: false, details_submitted: true, requirements: { currently_due: [], past_due: ['external_account'] } },
      account,
      120,
    );
    expect(await deliver(pending)).toBe('PROCESSED');
    expect(await status()).toMatchObject({ ready: false, detailsSubmitted: true, requirementsDue: ['external_account'] });

    // Stripe sends Connect events to the Connect endpoint, signed with its own secret.
    expect(await deliver(accountEvent('account.updated', enabledAccount(account), account, 60), 'whsec_connect_endpoint')).toBe('PROCESSED');
    expect(await status()).toMatchObject({ ready: true, missing: [], chargesEnabled: true, requirementsDue: [], updatedAt: expect.any(String) });

    const late = accountEvent('account.updated', { ...enabledAccount(account), charges_enabled: false }, account, 90);
    expect(await deliver(late)).toBe('PROCESSED');
    expect((await status()).ready).toBe(true);
    const [row] = await sql<{ last_error: string }>(t, `select last_error from webhook_events where provider_event_id = ?`, [late.id]);
    expect(row.last_error).toBe('Older than the account status on record; not applied');

    const res = await checkout();
    expect(res.statusCode).toBe(201);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions').at(-1)!.stripeAccount).toBe(account);
    // An event signed with neither secret changes nothing.
    expect(
      (await postWebhook(t, accountEvent('account.updated', { ...enabledAccount(account), charges_enabled: false }, account), { secret: 'whsec_forged' }))
        .statusCode,
    ).toBe(400);
  });

  it('stops checkout when the account disconnects the platform, and onboards a new account after that', async () => {
    const old = tenant.stripeAccountId!;
    expect(await deliver(accountEvent('account.application.deauthorized', { id: 'ca_app', object: 'application' }, old))).toBe('PROCESSED');
    expect(await status()).toMatchObject({
      ready: false,
      disconnectedAt: expect.any(String),
      missing: ['The payment account was disconnected: connect it again (onboarding)'],
    });
    expect((await checkout()).json().code).toBe('PAYMENTS_NOT_READY');

    const next = (await onboard()).json();
    expect(next.accountCreated).toBe(true);
    expect(next.accountId).not.toBe(old);
    expect(fake.requestsTo('POST', '/v1/accounts').at(-1)!.idempotencyKey).toMatch(new RegExp(`^connect-account-${tenant.id}-\\d+$`));
    expect(await status()).toMatchObject({ accountId: next.accountId, disconnectedAt: null, ready: false });
    // Events about the old account no longer touch the business.
    expect(await deliver(accountEvent('account.updated', enabledAccount(old), old))).toBe('IGNORED');
    expect((await status()).ready).toBe(false);
  });

  it('trusts an account id a platform admin sets until Stripe says otherwise, as before onboarding existed', async () => {
    const platform = await createPlatformAdmin(t);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/v1/admin/tenants/${tenant.id}`,
      headers: { authorization: `Bearer ${platform}` },
      payload: { stripeAccountId: 'acct_1ByHandPlatform' },
    });
    expect(res.statusCode).toBe(200);
    expect(await status()).toMatchObject({ ready: true, accountId: 'acct_1ByHandPlatform', chargesEnabled: null, disconnectedAt: null });
    expect((await checkout()).statusCode).toBe(201);
  });
});

describe('simulated Connect onboarding (npm start)', () => {
  let t: TestApp;
  let tenant: BookingTenant;

  beforeAll(async () => {
    t = await createTestApp({ worker: WorkerModule });
    tenant = await createBookingTenant(t, 'sim-connect', { stripeAccountId: null });
  });
  afterAll(() => t?.close());

  const admin = () => ({ authorization: `Bearer ${tenant.adminToken}` });
  const status = async () => (await t.app.inject({ method: 'GET', url: '/v1/admin/payments', headers: admin() })).json();

  it('lets a new business book at once, and runs onboarding through a local page that sends the events Stripe would', async () => {
    expect(await status()).toMatchObject({ provider: 'simulated', ready: true, accountId: null });
    expect((await postCheckout(t, tenant, checkoutBody(freshDate()))).statusCode).toBe(201);

    const link = (await t.app.inject({ method: 'POST', url: '/v1/admin/payments/onboarding', headers: admin() })).json();
    expect(link.url).toBe(`${t.settings.publicUrl}/v1/dev/onboarding/${link.accountId}`);
    const path = new URL(link.url).pathname;
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Set up payments for Tenant sim-connect');
    expect(page.body).toContain(`action="${path}/complete"`);

    const left = await t.app.inject({ method: 'POST', url: `${path}/abandon`, headers: { accept: 'application/json' } });
    expect(left.json()).toMatchObject({ outcome: 'abandoned', redirectUrl: `${t.settings.publicUrl}/console#/settings/payments` });
    await processed(t, left.json().eventId);
    expect(await status()).toMatchObject({ ready: false, chargesEnabled: false, requirementsDue: SIMULATED_REQUIREMENTS_DUE });
    expect((await postCheckout(t, tenant, checkoutBody(freshDate()))).json().code).toBe('PAYMENTS_NOT_READY');

    // The page's form: a 303 back to the console, as Stripe's hosted onboarding does.
    const done = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: { 'content-type': 'text/plain', accept: 'text/html' }, payload: '' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`${t.settings.publicUrl}/console#/settings/payments`);
    const [event] = await sql<{ provider_event_id: string }>(
      t,
      `select provider_event_id from webhook_events where type = 'account.updated' order by received_at desc limit 1`,
    );
    await processed(t, event.provider_event_id);
    expect(await status()).toMatchObject({ ready: true, chargesEnabled: true, detailsSubmitted: true, requirementsDue: [] });
    expect((await postCheckout(t, tenant, checkoutBody(freshDate()))).statusCode).toBe(201);
  });

  it('answers 404 for an account no business uses', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/dev/onboarding/acct_sim_0000000000000000' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/dev/onboarding/not-an-account' })).statusCode).toBe(404);
  });
});
