import { StripePaymentProvider } from '@mais/payments';
import { FakeStripeServer } from '@mais/testing';
import { createBookingServices, nextFreeDate, type BookingServices, type SeededBookingTenant } from '../../testing/booking-services';
import { AvailabilityService } from './availability.service';
import { BlackoutService } from './blackout.service';
import { CheckoutService, type CheckoutInput } from './checkout.service';

/** CheckoutService.start against PostgreSQL and the Stripe adapter on the local fake Stripe. */
describe(CheckoutService.name, () => {
  let fake: FakeStripeServer;
  let s: BookingServices;
  let service: CheckoutService;
  let tenant: SeededBookingTenant;
  const account = 'acct_1UnitCheckout';

  beforeAll(async () => {
    fake = await FakeStripeServer.start();
    // Commission is rounded up to the cent: 10 % of 12,001 is 1,201. No automatic retries: an injected failure is the answer the service sees.
    const payments = new StripePaymentProvider({ secretKey: 'sk_test_unit', webhookSecret: 'whsec_unit', apiUrl: fake.url, maxNetworkRetries: 0 });
    s = await createBookingServices({ payments });
    service = s.get(CheckoutService);
    tenant = await s.seedTenant({ stripeAccountId: account });
  });
  afterAll(async () => {
    await s?.close();
    await fake?.stop();
  });
  beforeEach(() => fake.reset());

  const inTenant = <T>(fn: () => Promise<T>, id = tenant.id) => s.scope.run(id, fn);
  const input = (eventDate: string, extra: Partial<CheckoutInput> = {}): CheckoutInput => ({
    packageSlug: 'classic',
    eventDate,
    customer: { email: '  Ada@Example.TEST ', name: ' Ada ' },
    ...extra,
  });
  const holds = (eventDate: string, tenantId = tenant.id) =>
    s.em
      .getConnection()
      .execute(
        `select status, session_id, total_cents, commission_cents, customer from checkout_holds where tenant_id = ? and event_date = ? order by created_at`,
        [tenantId, eventDate],
      );

  it('prices the package and add-ons, holds the date and opens a session on the connected account for the same amounts', async () => {
    const date = nextFreeDate();

    const result = await inTenant(() => service.start(input(date, { addOnIds: [tenant.droneId.toUpperCase()] })));

    expect(result).toMatchObject({ totalCents: 12001, commissionCents: 1201, currency: 'usd' });
    expect(result.sessionId).toMatch(/^cs_/);
    expect(await holds(date)).toEqual([
      {
        status: 'OPEN',
        session_id: result.sessionId,
        total_cents: 12001,
        commission_cents: 1201,
        customer: { email: 'ada@example.test', name: 'Ada', phone: null },
      },
    ]);
    const [created] = fake.requestsTo('POST', '/v1/checkout/sessions');
    expect(created.stripeAccount).toBe(account);
    expect(created.body).toMatchObject({ payment_intent_data: { application_fee_amount: '1201' }, success_url: 'https://shop.test/ok' });
    expect(fake.sessions.get(result.sessionId)).toMatchObject({ amount_total: 12001 });
    expect(await inTenant(() => s.get(AvailabilityService).check(date))).toMatchObject({ available: false, reason: 'HELD' });
  });

  it('refuses a date already held, booked or blacked out with DATE_UNAVAILABLE, before asking the provider', async () => {
    const held = nextFreeDate();
    await inTenant(() => service.start(input(held)));
    const blackedOut = nextFreeDate();
    await inTenant(() => s.get(BlackoutService).create({ date: blackedOut }));
    fake.reset();

    await expect(inTenant(() => service.start(input(held)))).rejects.toMatchObject({ code: 'DATE_UNAVAILABLE', reason: 'HELD' });
    await expect(inTenant(() => service.start(input(blackedOut)))).rejects.toMatchObject({ code: 'DATE_UNAVAILABLE', reason: 'BLACKOUT' });
    expect(fake.requestsTo('POST', '/v1/checkout/sessions')).toEqual([]);
    expect(await holds(held)).toHaveLength(1);
    expect(await holds(blackedOut)).toEqual([]);
  });

  it('gives one of several concurrent checkouts for a date the hold (the date lock); the others are DATE_UNAVAILABLE', async () => {
    const date = nextFreeDate();

    const results = await Promise.allSettled(Array.from({ length: 6 }, () => inTenant(() => service.start(input(date)))));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'DATE_UNAVAILABLE' });
    expect(await holds(date)).toEqual([expect.objectContaining({ status: 'OPEN' })]);
    expect(fake.requestsTo('POST', '/v1/checkout/sessions')).toHaveLength(1);
  });

  it('lets a hold past its expiry go: the date is held again and the old hold is RELEASED', async () => {
    const date = nextFreeDate();
    const first = await inTenant(() => service.start(input(date)));
    await s.em.getConnection().execute(`update checkout_holds set expires_at = now() - interval '1 second' where session_id = ?`, [first.sessionId]);

    const second = await inTenant(() => service.start(input(date)));

    expect((await holds(date)).map((h) => [h.status, h.session_id])).toEqual([
      ['RELEASED', first.sessionId],
      ['OPEN', second.sessionId],
    ]);
  });

  it('releases the hold when the provider fails, so the date is free again, and passes the failure on', async () => {
    const date = nextFreeDate();
    fake.failNext(1, 500);

    await expect(inTenant(() => service.start(input(date)))).rejects.toMatchObject({ code: 'PAYMENT_PROVIDER_ERROR' });

    expect(await holds(date)).toEqual([expect.objectContaining({ status: 'RELEASED', session_id: null })]);
    expect(await inTenant(() => s.get(AvailabilityService).check(date))).toMatchObject({ available: true });
    await expect(inTenant(() => service.start(input(date)))).resolves.toMatchObject({ totalCents: 10001 });
  });

  it('refuses an unknown package and unusable add-ons by field, holding nothing', async () => {
    const date = nextFreeDate();
    await expect(inTenant(() => service.start(input(date, { packageSlug: 'nope' })))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'packageSlug', message: 'is not an active package of this business' }] },
    });
    await expect(
      inTenant(() => service.start(input(date, { addOnIds: [tenant.droneId, tenant.droneId, '00000000-0000-4000-8000-000000000000'] }))),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        errors: [
          { field: 'addOnIds[1]', message: 'is chosen more than once' },
          { field: 'addOnIds[2]', message: 'is not an active add-on of this package' },
        ],
      },
    });
    await expect(inTenant(() => service.start(input('2027-02-30')))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await holds(date)).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('refuses with PAYMENTS_NOT_READY while the business has no connected account, holding nothing', async () => {
    const unready = await s.seedTenant({ stripeAccountId: null });
    const date = nextFreeDate();

    await expect(inTenant(() => service.start(input(date)), unready.id)).rejects.toMatchObject({ code: 'PAYMENTS_NOT_READY' });
    expect(await holds(date, unready.id)).toEqual([]);
  });
});
