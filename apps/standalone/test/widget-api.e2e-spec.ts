import { TenantScope, TenantService } from '@mais/tenancy';
import { createTestApp, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import {
  adminGet,
  checkoutBody,
  createBookingTenant,
  eventually,
  freshDate,
  postCheckout,
  sql,
  type BookingTenant,
} from '../../api/test/support/booking-fixtures';

/** Issue 11, the REST routes of the widget: a checkout's progress, the tenant behind a slug, and where a customer came from. */
describe('the widget API', () => {
  let t: TestApp;
  let tenant: BookingTenant;
  let other: BookingTenant;

  beforeAll(async () => {
    t = await createTestApp({ worker: WorkerModule });
    tenant = await createBookingTenant(t, 'status');
    other = await createBookingTenant(t, 'status-other');
  });
  afterAll(() => t?.close());

  const status = (sessionId: string, key = tenant.publicKey) =>
    t.app.inject({ method: 'GET', url: `/v1/checkouts/${sessionId}`, headers: { 'x-tenant-key': key } });
  const pay = (sessionId: string, outcome: 'complete' | 'expire' = 'complete') =>
    t.app.inject({ method: 'POST', url: `/v1/dev/checkout/${sessionId}/${outcome}`, headers: { accept: 'application/json' } });

  async function startCheckout(extra: Record<string, unknown> = {}): Promise<{ sessionId: string; eventDate: string }> {
    const eventDate = freshDate();
    const res = await postCheckout(t, tenant, checkoutBody(eventDate, { addOnIds: [tenant.addOns.drone], ...extra }));
    expect(res.statusCode).toBe(201);
    return { sessionId: res.json().sessionId, eventDate };
  }

  describe('GET /v1/checkouts/:sessionId', () => {
    it('is OPEN while unpaid, then CONFIRMED with the booking once the worker has made it; never a word about the customer', async () => {
      const { sessionId, eventDate } = await startCheckout();
      const open = await status(sessionId);
      expect(open.statusCode).toBe(200);
      expect(open.json()).toEqual({
        sessionId,
        status: 'OPEN',
        reason: null,
        eventDate,
        packageName: 'Classic',
        totalCents: 12001,
        currency: 'usd',
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        bookingId: null,
      });
      expect(open.body).not.toMatch(/ann|Ann|555/);

      expect((await pay(sessionId)).statusCode).toBe(200);
      const confirmed = await eventually(async () => {
        const res = await status(sessionId);
        return res.json().status === 'CONFIRMED' ? res.json() : null;
      }, 'the booking');
      const [booking] = await sql<{ id: string }>(t, `select id from bookings where checkout_session_id = ?`, [sessionId]);
      expect(confirmed).toMatchObject({ status: 'CONFIRMED', reason: null, bookingId: booking.id, eventDate });
    });

    it('is EXPIRED when the customer cancels on the payment page, or the hold runs out', async () => {
      const cancelled = await startCheckout();
      expect((await pay(cancelled.sessionId, 'expire')).statusCode).toBe(200);
      const expired = await eventually(async () => {
        const answer = (await status(cancelled.sessionId)).json();
        return answer.status === 'EXPIRED' ? answer : null;
      }, 'the released hold');
      expect(expired).toMatchObject({ reason: null, bookingId: null });

      const lapsed = await startCheckout();
      await sql(t, `update checkout_holds set expires_at = now() - interval '1 minute' where session_id = ?`, [lapsed.sessionId]);
      expect((await status(lapsed.sessionId)).json()).toMatchObject({ status: 'EXPIRED', reason: null });
    });

    it('is REFUNDED with the reason when the payment could not become a booking, or the business refunded it', async () => {
      const lost = await startCheckout();
      // What the worker records when the date was taken meanwhile (booking-pipeline.e2e-spec drives that race through Stripe).
      await sql(
        t,
        `insert into booking_failures (id, tenant_id, checkout_session_id, event_date, reason, customer_email, amount_cents, currency, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, ?, 'BOOKED', 'ann@example.com', 12001, 'usd', now(), now())`,
        [tenant.id, lost.sessionId, lost.eventDate],
      );
      await sql(t, `update checkout_holds set status = 'RELEASED' where session_id = ?`, [lost.sessionId]);
      expect((await status(lost.sessionId)).json()).toMatchObject({ status: 'REFUNDED', reason: 'BOOKED', bookingId: null });

      const refunded = await startCheckout();
      await pay(refunded.sessionId);
      const bookingId = await eventually(async () => (await status(refunded.sessionId)).json().bookingId as string | null, 'the booking');
      const cancel = await t.app.inject({
        method: 'POST',
        url: `/v1/admin/bookings/${bookingId}/cancel`,
        headers: { authorization: `Bearer ${tenant.adminToken}` },
        payload: { refund: true },
      });
      expect(cancel.statusCode).toBe(200);
      expect((await status(refunded.sessionId)).json()).toMatchObject({ status: 'REFUNDED', reason: 'CANCELLED', bookingId });
    });

    it("answers 404 for another tenant's session exactly as for an unknown or malformed one", async () => {
      const { sessionId } = await startCheckout();
      const answers = await Promise.all([status(sessionId, other.publicKey), status('cs_sim_doesnotexist'), status('not-a-session')]);
      expect(answers.map((r) => [r.statusCode, r.json().code, r.json().detail])).toEqual(
        answers.map(() => [404, 'NOT_FOUND', 'No checkout of this business has this session id']),
      );
      expect((await status(sessionId)).statusCode).toBe(200);
    });
  });

  describe('GET /v1/packages?versionId= (an admin previewing a draft)', () => {
    it("shows the draft's catalog to the tenant's admin only", async () => {
      const [hidden] = await sql<{ id: string }>(t, `select id from packages where tenant_id = ? and slug = 'other'`, [tenant.id]);
      const draft = await t.app.inject({
        method: 'POST',
        url: '/v1/admin/config/versions',
        headers: { authorization: `Bearer ${tenant.adminToken}` },
        payload: { config: { packages: { [hidden.id]: { visible: false, order: 0, featured: false, customDescription: null } } } },
      });
      const versionId = draft.json().id as string;
      const list = (headers: Record<string, string>, id = versionId) =>
        t.app.inject({ method: 'GET', url: `/v1/packages?versionId=${id}`, headers: { 'x-tenant-key': tenant.publicKey, ...headers } });
      const slugs = (res: { json(): { slug: string }[] }) => res.json().map((p) => p.slug);

      const preview = await list({ authorization: `Bearer ${tenant.adminToken}` });
      expect(preview.statusCode).toBe(200);
      expect(slugs(preview)).toEqual(['classic']);
      const live = await t.app.inject({ method: 'GET', url: '/v1/packages', headers: { 'x-tenant-key': tenant.publicKey } });
      expect(slugs(live).sort()).toEqual(['classic', 'other']);

      expect((await list({})).statusCode).toBe(401);
      // Another tenant's admin may not preview it, even with this tenant's public key.
      expect((await list({ authorization: `Bearer ${other.adminToken}` })).statusCode).toBe(401);
      expect((await list({ authorization: `Bearer ${tenant.adminToken}` }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });
  });

  describe('previewing what a pending agent proposal would make', () => {
    it("answers the config and catalog with the proposal applied, to the tenant's admin only; one preview at a time", async () => {
      const [hidden] = await sql<{ id: string }>(t, `select id from packages where tenant_id = ? and slug = 'other'`, [tenant.id]);
      const proposed = await t.app.inject({
        method: 'POST',
        url: '/v1/agent/proposals',
        headers: { authorization: `Bearer ${tenant.secretKey}` },
        payload: {
          summary: 'Hide the other package',
          patch: [
            { op: 'replace', path: '/branding/primaryColor', value: '#224466' },
            { op: 'add', path: `/packages/${hidden.id}`, value: { visible: false, order: 0, featured: false, customDescription: null } },
          ],
        },
      });
      expect(proposed.statusCode).toBe(201);
      const proposalId = proposed.json().id as string;
      const as = (token?: string) => ({ 'x-tenant-key': tenant.publicKey, ...(token ? { authorization: `Bearer ${token}` } : {}) });

      const config = await t.app.inject({ method: 'GET', url: `/v1/config?proposalId=${proposalId}`, headers: as(tenant.adminToken) });
      expect(config.statusCode).toBe(200);
      expect(config.json()).toMatchObject({ versionId: null, version: null, config: { branding: { primaryColor: '#224466' } } });
      const packages = await t.app.inject({ method: 'GET', url: `/v1/packages?proposalId=${proposalId}`, headers: as(tenant.adminToken) });
      expect(packages.json().map((p: { slug: string }) => p.slug)).toEqual(['classic']);

      expect((await t.app.inject({ method: 'GET', url: `/v1/config?proposalId=${proposalId}`, headers: as() })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'GET', url: `/v1/packages?proposalId=${proposalId}`, headers: as(other.adminToken) })).statusCode).toBe(401);
      const both = await t.app.inject({ method: 'GET', url: `/v1/config?proposalId=${proposalId}&versionId=${proposalId}`, headers: as(tenant.adminToken) });
      expect(both.statusCode).toBe(400);
      // Nothing was published: the live widget is as it was.
      const live = await t.app.inject({ method: 'GET', url: '/v1/config', headers: as() });
      expect(live.json().config.branding.primaryColor).toBe('#7b2cbf');
    });
  });

  describe('GET /v1/public/tenants/:slug', () => {
    it("names an active business's public key, name and currency, and nothing else", async () => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/public/tenants/${tenant.slug}` });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ slug: tenant.slug, name: `Tenant ${tenant.slug}`, publicKey: tenant.publicKey, currency: 'usd' });
    });

    it('answers 404 for an unknown, malformed or inactive business, and forgets a business at once when it is deactivated or its keys rotate', async () => {
      const unknown = await t.app.inject({ method: 'GET', url: '/v1/public/tenants/nobody-here' });
      const malformed = await t.app.inject({ method: 'GET', url: '/v1/public/tenants/Not%20A%20Slug' });
      expect([unknown.statusCode, malformed.statusCode]).toEqual([404, 404]);

      const gone = await createBookingTenant(t, 'status-gone');
      expect((await t.app.inject({ method: 'GET', url: `/v1/public/tenants/${gone.slug}` })).statusCode).toBe(200); // now cached
      // Through the service, as the platform admin route does: the cached profile goes with the change.
      const platform = t.app.get(TenantScope);
      await platform.runUnscoped(() => t.app.get(TenantService).update(gone.id, { isActive: false }));
      expect((await t.app.inject({ method: 'GET', url: `/v1/public/tenants/${gone.slug}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/widget?tenant=${gone.slug}` })).statusCode).toBe(404);

      const rotated = await createBookingTenant(t, 'status-rotated');
      expect((await t.app.inject({ method: 'GET', url: `/v1/public/tenants/${rotated.slug}` })).json().publicKey).toBe(rotated.publicKey);
      const { keys } = await platform.runUnscoped(() => t.app.get(TenantService).rotateKeys(rotated.id));
      expect((await t.app.inject({ method: 'GET', url: `/v1/public/tenants/${rotated.slug}` })).json().publicKey).toBe(keys.publicKey);
      // The old key no longer opens the widget; the new one does.
      expect((await t.app.inject({ method: 'GET', url: `/widget?key=${rotated.publicKey}` })).statusCode).toBe(404);
      expect((await t.app.inject({ method: 'GET', url: `/widget?key=${keys.publicKey}` })).statusCode).toBe(200);
    });
  });

  describe('metadata on a checkout', () => {
    it('is stored on the booking and shown to its admins', async () => {
      const metadata = { utm_source: 'wedding-fair', 'campaign.id': 'spring-27', ref: 'table-12' };
      const { sessionId } = await startCheckout({ metadata });
      await pay(sessionId);
      const bookingId = await eventually(async () => (await status(sessionId)).json().bookingId as string | null, 'the booking');
      const detail = await adminGet(t, tenant, `/v1/admin/bookings/${bookingId}`);
      expect(detail.json().metadata).toEqual(metadata);
      // A booking made without any is {} (not null): one shape for every booking.
      const plain = await startCheckout();
      await pay(plain.sessionId);
      const plainId = await eventually(async () => (await status(plain.sessionId)).json().bookingId as string | null, 'the booking');
      expect((await adminGet(t, tenant, `/v1/admin/bookings/${plainId}`)).json().metadata).toEqual({});
    });

    it.each([
      ['a key with a space', { 'bad key': 'x' }],
      ['a value that is not a string', { utm_source: 5 }],
      ['a value over 500 characters', { ref: 'x'.repeat(501) }],
      ['more than 20 entries', Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']))],
      ['an array', ['utm_source']],
    ])('refuses %s with a field error, holding no date', async (_, metadata) => {
      const eventDate = freshDate();
      const res = await postCheckout(t, tenant, checkoutBody(eventDate, { metadata }));
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'metadata', message: expect.stringContaining('metadata must be an object of at most 20 string values') }]);
      expect(await sql(t, `select 1 from checkout_holds where tenant_id = ? and event_date = ?`, [tenant.id, eventDate])).toEqual([]);
    });
  });
});
