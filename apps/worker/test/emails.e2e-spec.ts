import { EntityManager } from '@mikro-orm/postgresql';
import { BookingFailure, JobQueue, UserRole } from '@mais/domain';
import { EmailDelivery, EmailDeliveryStatus } from '@mais/notifications';
import { FakePostmarkServer, describeWithRedis } from '@mais/testing';
import { TenantScope } from '@mais/tenancy';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../src/worker.module';
import { bullQueue, cancelBooking, jobState, PostmarkFaultProxy, seedBooking, sleep, waitFor, waitForQueueIdle } from './support/worker-test-helpers';

/**
 * The `emails` queue end to end: API app + worker in one process on real Redis and PostgreSQL, the real
 * `postmark` client talking to the local fake Postmark (through a proxy that can fail one recipient).
 */
describeWithRedis('emails queue: booking emails through Postmark', () => {
  let t: TestApp;
  let postmark: FakePostmarkServer;
  let proxy: PostmarkFaultProxy;
  let tenant: SeededTenant;
  let seq = 0;

  beforeAll(async () => {
    postmark = await FakePostmarkServer.start();
    proxy = await PostmarkFaultProxy.start(postmark.url);
    t = await createTestApp({
      redis: true,
      worker: WorkerModule,
      env: { POSTMARK_SERVER_TOKEN: postmark.serverToken, POSTMARK_API_URL: proxy.url, POSTMARK_FROM_EMAIL: 'bookings@mais.example' },
    });
    tenant = await seedTenant(t, 'emails-studio');
    await seedUser(t, 'b-owner@emails-studio.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    await seedUser(t, 'a-owner@emails-studio.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, tenant.id);
    await seedUser(t, 'root@mais.test', 'Root-Pass-2026', UserRole.PLATFORM_ADMIN);
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.stop();
    await postmark?.stop();
  });
  beforeEach(() => postmark.reset());

  const queue = () => t.app.get(JobQueue);
  const eventDate = () => `2027-0${1 + (seq % 9)}-${String(10 + (++seq % 18)).padStart(2, '0')}`;
  const messagesTo = (to: string) => postmark.messages.filter((m) => m.To === to);
  const deliveries = () => t.app.get(TenantScope).run(tenant.id, () => t.app.get(EntityManager).find(EmailDelivery, {}, { orderBy: { dedupeKey: 'asc' } }));

  it('sends one confirmation to the customer and one notice to each tenant admin, and never a second copy when the job runs again after a send succeeded', async () => {
    const bookingId = await seedBooking(t, tenant.id, { eventDate: eventDate(), email: 'ada@example.com' });
    // The notice's second recipient fails once: the job is retried after the first admin's send succeeded.
    proxy.failSendsTo('b-owner@emails-studio.test', 1, 500);

    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `confirm.${bookingId}` });
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-new-tenant', bookingId }, { jobId: `notice.${bookingId}` });
    await waitFor('three messages', () => postmark.messages.length >= 3);
    await waitForQueueIdle(t, 'emails');

    // The same jobs again, as a redelivered or replayed job would run them: nothing new leaves.
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `confirm.${bookingId}` });
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-new-tenant', bookingId }, { jobId: `notice.${bookingId}` });
    await waitFor(
      'both replays completed',
      async () => (await jobState(t, 'emails', `confirm.${bookingId}`)) === 'completed' && (await jobState(t, 'emails', `notice.${bookingId}`)) === 'completed',
    );
    await sleep(200);

    expect(messagesTo('ada@example.com')).toHaveLength(1);
    expect(messagesTo('ada@example.com')[0].Subject).toMatch(/^Booking confirmed: Tenant emails-studio on /);
    expect(messagesTo('a-owner@emails-studio.test')).toHaveLength(1);
    expect(messagesTo('b-owner@emails-studio.test')).toHaveLength(1);
    expect(messagesTo('a-owner@emails-studio.test')[0].Subject).toMatch(/^New booking: Ada Lovelace on /);
    expect(postmark.messages.some((m) => m.To === 'root@mais.test')).toBe(false);
    expect(proxy.requestsTo.get('a-owner@emails-studio.test')).toBe(1);
    expect(proxy.requestsTo.get('b-owner@emails-studio.test')).toBe(2);
    const rows = (await deliveries()).filter((d) => d.dedupeKey.includes(bookingId));
    expect(rows.map((d) => [d.dedupeKey, d.status])).toEqual([
      [`booking-confirmed:booking-${bookingId}:ada@example.com`, EmailDeliveryStatus.SENT],
      [`booking-new-tenant:booking-${bookingId}:a-owner@emails-studio.test`, EmailDeliveryStatus.SENT],
      [`booking-new-tenant:booking-${bookingId}:b-owner@emails-studio.test`, EmailDeliveryStatus.SENT],
    ]);
    expect(rows.every((d) => postmark.messages.some((m) => m.MessageID === d.providerMessageId))).toBe(true);
  });

  it('sends once when the same email job is enqueued twice at the same time (no job id to deduplicate them)', async () => {
    const bookingId = await seedBooking(t, tenant.id, { eventDate: eventDate(), email: 'twice@example.com' });

    await Promise.all([
      queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }),
      queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }),
    ]);
    await waitFor('the confirmation', () => messagesTo('twice@example.com').length >= 1);
    await waitForQueueIdle(t, 'emails');

    expect(messagesTo('twice@example.com')).toHaveLength(1);
  });

  it('retries a Postmark 500 with backoff and then sends the email once', async () => {
    const bookingId = await seedBooking(t, tenant.id, { eventDate: eventDate(), email: 'retry@example.com' });
    postmark.failNext(2, { status: 500 });

    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `retry.${bookingId}` });
    await waitFor('the job to complete', async () => (await jobState(t, 'emails', `retry.${bookingId}`)) === 'completed');

    expect(postmark.requests.filter((r) => r.path === '/email')).toHaveLength(3);
    expect(messagesTo('retry@example.com')).toHaveLength(1);
    const row = (await deliveries()).find((d) => d.dedupeKey === `booking-confirmed:booking-${bookingId}:retry@example.com`);
    expect(row).toMatchObject({ status: EmailDeliveryStatus.SENT, providerMessageId: messagesTo('retry@example.com')[0].MessageID, error: null });
  });

  it('records a permanent Postmark refusal (406 inactive recipient) as FAILED and does not retry it', async () => {
    const bookingId = await seedBooking(t, tenant.id, { eventDate: eventDate(), email: 'bounced@example.com' });
    postmark.failNext(1, { status: 422, errorCode: 406 });

    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `bounce.${bookingId}` });
    await waitFor('the job to fail', async () => (await jobState(t, 'emails', `bounce.${bookingId}`)) === 'failed');
    await sleep(300); // with a 20 ms backoff base, a retry would have happened by now

    expect(postmark.requests.filter((r) => r.path === '/email')).toHaveLength(1);
    expect(postmark.messages).toHaveLength(0);
    const job = await bullQueue(t, 'emails').getJob(`bounce.${bookingId}`);
    expect(job?.attemptsMade).toBe(1);
    expect(job?.failedReason).toContain('inactive');
    const row = (await deliveries()).find((d) => d.dedupeKey === `booking-confirmed:booking-${bookingId}:bounced@example.com`);
    expect(row?.status).toBe(EmailDeliveryStatus.FAILED);
    expect(row?.error).toMatch(/Postmark rejected the message: .*inactive.*Postmark code 406/);

    // Enqueued again later (a replay): the recorded failure is not sent again either.
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed', bookingId }, { jobId: `bounce.${bookingId}` });
    await waitFor('the replay to finish', async () => (await jobState(t, 'emails', `bounce.${bookingId}`)) === 'completed');
    expect(postmark.requests.filter((r) => r.path === '/email')).toHaveLength(1);
  });

  it("tells the customer of a cancellation and of a refund for a date taken meanwhile, in the tenant's published branding", async () => {
    const admin = { authorization: `Bearer ${await loginToken(t, 'a-owner@emails-studio.test', 'Owner-Pass-2026')}` };
    const draft = await t.app.inject({
      method: 'POST',
      url: '/v1/admin/config/versions',
      headers: admin,
      payload: { config: { schemaVersion: 1, branding: { primaryColor: '#7b2cbf', logoUrl: 'https://cdn.example.com/logo.png' } } },
    });
    expect(draft.statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/v1/admin/config/versions/${draft.json().id}/publish`, headers: admin })).statusCode).toBe(200);

    const bookingId = await seedBooking(t, tenant.id, { eventDate: '2027-10-02', email: 'cancel@example.com' });
    await cancelBooking(t, tenant.id, bookingId);
    const [failureId, mismatchId] = await t.app.get(TenantScope).run(tenant.id, async () => {
      const em = t.app.get(EntityManager);
      const failure = em.create(BookingFailure, {
        tenant: tenant.id,
        checkoutSessionId: 'cs_test_taken',
        eventDate: '2027-10-03',
        reason: 'BOOKED',
        customerEmail: 'late@example.com',
        amountCents: 123_45,
        currency: 'usd',
      });
      const mismatch = em.create(BookingFailure, {
        tenant: tenant.id,
        checkoutSessionId: 'cs_test_mismatch',
        eventDate: '2027-10-04',
        reason: 'AMOUNT_MISMATCH',
        customerEmail: 'mismatch@example.com',
        amountCents: 1_00,
        currency: 'usd',
      });
      await em.flush();
      return [failure.id, mismatch.id];
    });

    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-cancelled', bookingId });
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'payment-refunded-date-taken', bookingFailureId: failureId });
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'payment-refunded-date-taken', bookingFailureId: mismatchId });
    await waitFor('three messages', () => postmark.messages.length >= 3);
    await waitForQueueIdle(t, 'emails');

    const [cancelled] = messagesTo('cancel@example.com');
    expect(cancelled.Subject).toBe('Booking cancelled: Tenant emails-studio on Saturday, October 2, 2027');
    expect(cancelled.HtmlBody).toContain('#7b2cbf');
    expect(cancelled.HtmlBody).toContain('https://cdn.example.com/logo.png');
    expect(cancelled.Tag).toBe('booking-cancelled');
    const [refunded] = messagesTo('late@example.com');
    expect(refunded.Subject).toBe('Refunded: Sunday, October 3, 2027 is no longer available with Tenant emails-studio');
    expect(refunded.TextBody).toContain('$123.45');
    // A payment refused for its amount says so, not that the date was taken.
    const [mismatch] = messagesTo('mismatch@example.com');
    expect(mismatch.Subject).toBe('Refunded: your booking for Monday, October 4, 2027 with Tenant emails-studio was not confirmed');
    expect(mismatch.TextBody).toContain('did not match the price of your booking');
    expect(mismatch.TextBody).toContain('$1.00');
    expect(refunded.TextBody).toContain(failureId);
    expect((await deliveries()).find((d) => d.dedupeKey === `payment-refunded-date-taken:failure-${failureId}:late@example.com`)?.status).toBe(
      EmailDeliveryStatus.SENT,
    );
  });

  it('fails at once, without retries, when the payload names no booking', async () => {
    await queue().enqueue('emails.send', { tenantId: tenant.id, template: 'booking-confirmed' }, { jobId: 'no-booking' });
    await waitFor('the job to fail', async () => (await jobState(t, 'emails', 'no-booking')) === 'failed');
    const job = await bullQueue(t, 'emails').getJob('no-booking');
    expect(job?.attemptsMade).toBe(1);
    expect(postmark.requests).toHaveLength(0);
  });
});
