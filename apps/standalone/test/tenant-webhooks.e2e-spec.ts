import { TenantEvents } from '@mais/domain';
import { TenantScope } from '@mais/tenancy';
import { verifySignature, WebhookDeliveryService } from '@mais/tenant-webhooks';
import { WebhookReceiver } from '@mais/testing';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { checkoutBody, createBookingTenant, eventually, freshDate, postCheckout, sql, type BookingTenant } from '../../api/test/support/booking-fixtures';
import { seedBooking, seedWebhookDelivery } from '../../worker/test/support/worker-test-helpers';

/**
 * Issue 15, outbound webhooks: events recorded with the change that causes them, fanned out to the tenant's
 * endpoints, signed, retried, logged, auto-disabled, redelivered; a local receiver that fails, times out and
 * recovers. API and worker in one process (in-process jobs), simulated payments, real PostgreSQL.
 */
describe('outbound webhooks to tenants', () => {
  let t: TestApp;
  let receiver: WebhookReceiver;
  let tenant: BookingTenant;
  let other: BookingTenant;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // The worker's own sweep (every 500 ms in the harness) would forget the 30-day test's seeded events before the
    // test does; nothing here relies on it, so it waits an hour.
    t = await createTestApp({
      worker: WorkerModule,
      env: { WEBHOOK_DELIVERY_ATTEMPTS: '3', WEBHOOK_DELIVERY_TIMEOUT_MS: '300', WEBHOOK_SWEEP_INTERVAL_MS: '3600000' },
    });
    tenant = await createBookingTenant(t, 'hooks');
    other = await createBookingTenant(t, 'hooks-other');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.stop();
  });
  beforeEach(() => receiver.reset());
  // Each test starts with no endpoint, even after one that failed half-way.
  afterEach(() => sql(t, 'delete from webhook_endpoints'));

  const as = (who: BookingTenant) => ({ authorization: `Bearer ${who.adminToken}` });
  const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who = tenant) =>
    t.app.inject({ method, url, headers: as(who), ...(payload ? { payload } : {}) });
  const register = async (events: string[], path = '/hook', who = tenant) => {
    const res = await api('POST', '/v1/admin/webhook-endpoints', { url: `${receiver.url}${path}`, events }, who);
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; secret: string; url: string };
  };
  const log = async (endpointId: string) => (await api('GET', `/v1/admin/webhook-endpoints/${endpointId}/deliveries`)).json().items;
  const settled = (endpointId: string, count: number) =>
    eventually(async () => {
      const items = await log(endpointId);
      return items.length >= count && items.every((d: { status: string }) => d.status !== 'PENDING') ? items : null;
    }, `${count} settled deliveries`);

  async function pay(eventDate: string): Promise<string> {
    const res = await postCheckout(t, tenant, checkoutBody(eventDate));
    expect(res.statusCode).toBe(201);
    const path = new URL(res.json().checkoutUrl).pathname;
    const paid = await t.app.inject({ method: 'POST', url: `${path}/complete`, headers: { accept: 'application/json' } });
    expect(paid.statusCode).toBeLessThan(400);
    const [booking] = await eventually(async () => {
      const rows = await sql<{ id: string }>(t, `select id from bookings where checkout_session_id = ?`, [res.json().sessionId]);
      return rows.length ? rows : null;
    }, 'the booking');
    return booking.id;
  }

  it('registers an endpoint, shows its secret once, and refuses URLs and events it cannot take', async () => {
    const created = await register(['booking.created']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const shown = await api('GET', `/v1/admin/webhook-endpoints/${created.id}`);
    expect(shown.json()).toMatchObject({ id: created.id, url: `${receiver.url}/hook`, events: ['booking.created'], enabled: true, failingSince: null });
    expect(shown.body).not.toContain(created.secret);
    expect(await sql(t, `select 1 from webhook_endpoints where secret_ciphertext like ?`, [`%${created.secret}%`])).toEqual([]);

    const refused = async (payload: object) => {
      const res = await api('POST', '/v1/admin/webhook-endpoints', payload);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      return res.json();
    };
    expect((await refused({ url: 'http://10.0.0.1/hook', events: ['booking.created'] })).errors).toEqual([
      { field: 'url', message: 'host 10.0.0.1 resolves to a refused address: 10.0.0.1 is a private or reserved address' },
    ]);
    expect((await refused({ url: 'http://169.254.169.254/latest', events: ['booking.created'] })).detail).toMatch(/refused address/);
    expect((await refused({ url: 'ftp://example.com/x', events: ['booking.created'] })).detail).toBe('The URL must be an http or https URL');
    expect((await refused({ url: 'http://nowhere.invalid/x', events: ['booking.created'] })).detail).toMatch(/does not resolve/);
    await refused({ url: `${receiver.url}/hook`, events: ['booking.exploded'] });
    await refused({ url: `${receiver.url}/hook`, events: [] });
    await api('DELETE', `/v1/admin/webhook-endpoints/${created.id}`);
  });

  it("sends booking.created, signed, to the endpoints subscribed to it, and logs the delivery; other tenants' endpoints get nothing", async () => {
    const endpoint = await register(['booking.created', 'booking.cancelled']);
    const unsubscribed = await register(['config.published'], '/config-only');
    const foreign = await register(['booking.created'], '/other-tenant', other);

    const bookingId = await pay(freshDate());
    const [request] = await receiver.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);

    const body = JSON.parse(request.body);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'booking.created',
      createdAt: expect.any(String),
      data: {
        booking: expect.objectContaining({
          id: bookingId,
          status: 'PAID',
          totalCents: 10001,
          currency: 'usd',
          customer: { name: 'Ann Lee', email: 'ann@example.com', phone: '+15551234567' },
        }),
      },
    });
    expect(request.headers).toMatchObject({
      'mais-event-id': body.id,
      'mais-event-type': 'booking.created',
      'mais-delivery-attempt': '1',
      'content-type': 'application/json',
    });
    expect(verifySignature(request.body, request.headers['mais-signature'] as string, endpoint.secret)).toBe(true);
    expect(verifySignature(request.body, request.headers['mais-signature'] as string, foreign.secret)).toBe(false);

    const [delivery] = await settled(endpoint.id, 1);
    expect(delivery).toMatchObject({ eventId: body.id, eventType: 'booking.created', status: 'SUCCEEDED', attempts: 1, manual: false });
    expect(delivery.attemptLog).toEqual([
      { attempt: 1, at: expect.any(String), statusCode: 200, latencyMs: expect.any(Number), responseSnippet: '{"ok":true}', error: null },
    ]);
    expect(await log(unsubscribed.id)).toEqual([]);
    // The other tenant's endpoint and log stay out of reach.
    expect((await api('GET', `/v1/admin/webhook-endpoints/${foreign.id}/deliveries`)).statusCode).toBe(404);
    expect((await api('PATCH', `/v1/admin/webhook-endpoints/${foreign.id}`, { enabled: false })).statusCode).toBe(404);
    for (const id of [endpoint.id, unsubscribed.id]) await api('DELETE', `/v1/admin/webhook-endpoints/${id}`);
    await api('DELETE', `/v1/admin/webhook-endpoints/${foreign.id}`, undefined, other);
  });

  it('records the event in the transaction of the change, with the job that hands it on (the outbox)', async () => {
    const endpoint = await register(['booking.cancelled', 'booking.refunded']);
    const bookingId = await seedBooking(t, tenant.id, { eventDate: freshDate(), email: 'cancel@example.com' });
    const res = await api('POST', `/v1/admin/bookings/${bookingId}/cancel`, { refund: false });
    expect(res.statusCode).toBe(200);
    const [event] = await sql<{ id: string; type: string }>(t, `select id, type from tenant_events where data->'booking'->>'id' = ?`, [bookingId]);
    expect(event.type).toBe('booking.cancelled');
    expect(await sql(t, `select name from outbox_jobs where job_id = ?`, [`tenant-event-${event.id}`])).toEqual([{ name: 'tenant-webhooks.fan-out' }]);
    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toMatchObject({ id: event.id, type: 'booking.cancelled', data: { booking: { id: bookingId, status: 'CANCELLED' } } });
    await api('DELETE', `/v1/admin/webhook-endpoints/${endpoint.id}`);
  });

  it('records the events of a tenant without an enabled endpoint, but no job to hand them on', async () => {
    const endpoint = await register(['booking.cancelled'], '/hook', other);
    await api('PATCH', `/v1/admin/webhook-endpoints/${endpoint.id}`, { enabled: false }, other);
    const bookingId = await seedBooking(t, other.id, { eventDate: freshDate(), email: 'quiet@example.com' });
    expect((await api('POST', `/v1/admin/bookings/${bookingId}/cancel`, { refund: false }, other)).statusCode).toBe(200);
    const [event] = await sql<{ id: string }>(t, `select id from tenant_events where data->'booking'->>'id' = ?`, [bookingId]);
    expect(event).toBeDefined();
    expect(await sql(t, `select 1 from outbox_jobs where job_id = ?`, [`tenant-event-${event.id}`])).toEqual([]);
    // The cancellation's own jobs are recorded as ever.
    expect((await sql<{ job_id: string }>(t, `select job_id from outbox_jobs where job_id like ?`, [`%${bookingId}`])).map((r) => r.job_id).sort()).toEqual([
      `calendar-delete-event-${bookingId}`,
      `email-booking-cancelled-${bookingId}`,
    ]);
  });

  it('retries a failing receiver with backoff, then succeeds: every attempt is in the log', async () => {
    const endpoint = await register(['config.published']);
    receiver.answerNext({ status: 500, body: 'boom' }, { status: 200, delayMs: 1_000 });
    const draft = (await api('POST', '/v1/admin/config/versions', {})).json();
    expect((await api('POST', `/v1/admin/config/versions/${draft.id}/publish`)).statusCode).toBe(200);

    await receiver.waitFor(3);
    const [delivery] = await settled(endpoint.id, 1);
    expect(delivery.status).toBe('SUCCEEDED');
    expect(delivery.attemptLog.map((a: { statusCode: number | null; error: string | null }) => [a.statusCode, a.error])).toEqual([
      [500, 'HTTP 500'],
      [null, 'timed out after 300 ms'],
      [200, null],
    ]);
    expect(delivery.attemptLog[0].responseSnippet).toBe('boom');
    // One event id on every attempt: the receiver de-duplicates by it.
    expect(new Set(receiver.received.map((r) => r.headers['mais-event-id'])).size).toBe(1);
    expect(receiver.received.map((r) => r.headers['mais-delivery-attempt'])).toEqual(['1', '2', '3']);
    expect(JSON.parse(receiver.received[0].body)).toMatchObject({
      type: 'config.published',
      data: { version: { id: draft.id, publishedBy: { type: 'USER' } } },
    });
    expect((await api('GET', `/v1/admin/webhook-endpoints/${endpoint.id}`)).json()).toMatchObject({
      enabled: true,
      failingSince: null,
      lastSuccessAt: expect.any(String),
    });
    await api('DELETE', `/v1/admin/webhook-endpoints/${endpoint.id}`);
  });

  it('disables an endpoint that failed every attempt with nothing delivered meanwhile, emails the admins, and redelivers once it is enabled again', async () => {
    const endpoint = await register(['booking.cancelled']);
    receiver.answerAlways({ status: 503, body: 'down' });
    const bookingId = await seedBooking(t, tenant.id, { eventDate: freshDate(), email: 'down@example.com' });
    await api('POST', `/v1/admin/bookings/${bookingId}/cancel`, { refund: false });

    const [failed] = await settled(endpoint.id, 1);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 3 });
    const disabled = (await api('GET', `/v1/admin/webhook-endpoints/${endpoint.id}`)).json();
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'HTTP 503', disabledAt: expect.any(String), failingSince: expect.any(String) });
    const emails = await eventually(async () => {
      const rows = await sql<{ to_address: string }>(
        t,
        `select to_address from email_deliveries where template = 'webhook-endpoint-disabled' and tenant_id = ?`,
        [tenant.id],
      );
      return rows.length ? rows : null;
    }, 'the email to the admins');
    expect(emails).toEqual([{ to_address: 'admin-hooks@example.test' }]);

    // Disabled: nothing more is sent, and a redelivery waits for the admin to enable it.
    const redeliver = () => api('POST', `/v1/admin/webhook-endpoints/${endpoint.id}/deliveries/${failed.id}/redeliver`);
    expect((await redeliver()).statusCode).toBe(409);
    receiver.answerAlways({ status: 204 });
    expect((await api('PATCH', `/v1/admin/webhook-endpoints/${endpoint.id}`, { enabled: true })).json()).toMatchObject({
      enabled: true,
      disabledAt: null,
      failingSince: null,
    });
    const again = await redeliver();
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ eventId: failed.eventId, manual: true, status: 'PENDING' });
    const items = await settled(endpoint.id, 2);
    expect(items[0]).toMatchObject({ id: again.json().id, status: 'SUCCEEDED', eventId: failed.eventId });
    expect(receiver.received.at(-1)!.headers['mais-event-id']).toBe(failed.eventId);
    await api('DELETE', `/v1/admin/webhook-endpoints/${endpoint.id}`);
  });

  it('rotates the secret: the new one is shown once, and for 24 hours deliveries are signed with both', async () => {
    const endpoint = await register(['booking.cancelled']);
    const rotated = await api('POST', `/v1/admin/webhook-endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.statusCode).toBe(200);
    const { secret, previousSecretExpiresAt } = rotated.json();
    expect(secret).not.toBe(endpoint.secret);
    expect(new Date(previousSecretExpiresAt).getTime() - Date.now()).toBeGreaterThan(23.9 * 3600 * 1000);

    const bookingId = await seedBooking(t, tenant.id, { eventDate: freshDate(), email: 'rotate@example.com' });
    await api('POST', `/v1/admin/bookings/${bookingId}/cancel`, { refund: false });
    const [request] = await receiver.waitFor(1);
    const header = request.headers['mais-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(request.body, header, secret)).toBe(true);
    expect(verifySignature(request.body, header, endpoint.secret)).toBe(true);
    await api('DELETE', `/v1/admin/webhook-endpoints/${endpoint.id}`);
  });

  it("records nothing when the worker's own shutdown cuts an attempt short, even a last one: the endpoint stays enabled", async () => {
    const endpoint = await register(['booking.created']);
    const { deliveryId } = await seedWebhookDelivery(t, tenant.id, endpoint.id);
    const outcome = await t.app
      .get(TenantScope)
      .run(tenant.id, () => t.app.get(WebhookDeliveryService).deliver(deliveryId, { isFinalAttempt: true, signal: AbortSignal.abort() }));
    expect(outcome).toEqual({ kind: 'retry', error: 'aborted: the worker is shutting down' });
    expect(receiver.received).toHaveLength(0);
    expect(await sql(t, `select status, attempts from webhook_deliveries where id = ?`, [deliveryId])).toEqual([{ status: 'PENDING', attempts: 0 }]);
    expect(await sql(t, `select enabled, failing_since from webhook_endpoints where id = ?`, [endpoint.id])).toEqual([{ enabled: true, failing_since: null }]);
  });

  it('forgets events after 30 days with their delivery log, but never one still being delivered', async () => {
    const endpoint = await register(['booking.created']);
    const old = await seedWebhookDelivery(t, tenant.id, endpoint.id, { eventAge: '31 days', status: 'SUCCEEDED', attempts: 1 });
    const oldPending = await seedWebhookDelivery(t, tenant.id, endpoint.id, { eventAge: '40 days' });
    const recent = await seedWebhookDelivery(t, tenant.id, endpoint.id, { eventAge: '29 days', status: 'SUCCEEDED', attempts: 1 });
    await sql(
      t,
      `insert into webhook_delivery_attempts (id, created_at, updated_at, tenant_id, delivery_id, attempt, status_code, latency_ms) values (gen_random_uuid(), now(), now(), ?, ?, 1, 200, 5)`,
      [tenant.id, old.deliveryId],
    );

    expect(await t.app.get(TenantEvents).forgetOld()).toBe(1);
    const ids = [old.eventId, oldPending.eventId, recent.eventId];
    const left = (await sql<{ id: string }>(t, `select id from tenant_events where id in (?, ?, ?)`, ids)).map((r) => r.id);
    expect(left.sort()).toEqual([oldPending.eventId, recent.eventId].sort());
    expect(await sql(t, `select 1 from webhook_delivery_attempts where delivery_id = ?`, [old.deliveryId])).toEqual([]);
  });

  it('sends checkout.expired when a checkout is cancelled on the payment page', async () => {
    const endpoint = await register(['checkout.expired']);
    const eventDate = freshDate();
    const res = await postCheckout(t, tenant, checkoutBody(eventDate));
    const path = new URL(res.json().checkoutUrl).pathname;
    await t.app.inject({ method: 'POST', url: `${path}/expire`, headers: { accept: 'application/json' } });
    const [request] = await receiver.waitFor(1);
    expect(JSON.parse(request.body)).toMatchObject({
      type: 'checkout.expired',
      data: { checkout: { sessionId: res.json().sessionId, eventDate, customerEmail: 'ann@example.com' } },
    });
    await api('DELETE', `/v1/admin/webhook-endpoints/${endpoint.id}`);
  });
});
