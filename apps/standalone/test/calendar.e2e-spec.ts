import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { addDays, Booking, bookingJobs, JobOutbox, JobQueue, todayIn, UserRole } from '@mais/domain';
import { CalendarBusyDay, CalendarSettings } from '@mais/calendar';
import { calendarJobIds, eventIdForBooking } from '@mais/calendar';
import { FakeGoogleServer, describeWithRedis, makeServiceAccountJson } from '@mais/testing';
import { SecretCipher, TenantScope } from '@mais/tenancy';
import { createTestApp, loginToken, seedTenant, seedUser, SeededTenant, TestApp } from '../../api/test/support/harness';
import { WorkerModule } from '../../worker/src/worker.module';
import { bullQueue, cancelBooking, jobState, seedBooking, waitFor, waitForQueueIdle } from '../../worker/test/support/worker-test-helpers';

type Headers = Record<string, string>;

/**
 * Google Calendar end to end: the calendar admin routes (docs/api.md), the `calendar` jobs in the same process on real
 * Redis and PostgreSQL, the real @googleapis/calendar client and JWT flow against the local fake Google.
 */
describeWithRedis('calendar: settings, freeBusy sync and booking events', () => {
  let t: TestApp;
  let google: FakeGoogleServer;
  let a: SeededTenant;
  let b: SeededTenant;
  let adminA: Headers;
  let adminB: Headers;
  let root: Headers;
  const calendarA = 'weddings-a@group.calendar.google.com';
  const calendarB = 'weddings-b@group.calendar.google.com';
  const today = todayIn('UTC');
  const day = (n: number) => addDays(today, n);

  beforeAll(async () => {
    google = await FakeGoogleServer.start();
    t = await createTestApp({ redis: true, worker: WorkerModule, env: { GOOGLE_API_URL: google.url } });
    a = await seedTenant(t, 'calendar-a');
    b = await seedTenant(t, 'calendar-b');
    await seedUser(t, 'owner@calendar-a.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, a.id);
    await seedUser(t, 'owner@calendar-b.test', 'Owner-Pass-2026', UserRole.TENANT_ADMIN, b.id);
    await seedUser(t, 'root@calendar.test', 'Root-Pass-2026', UserRole.PLATFORM_ADMIN);
    adminA = { authorization: `Bearer ${await loginToken(t, 'owner@calendar-a.test', 'Owner-Pass-2026')}` };
    adminB = { authorization: `Bearer ${await loginToken(t, 'owner@calendar-b.test', 'Owner-Pass-2026')}` };
    root = { authorization: `Bearer ${await loginToken(t, 'root@calendar.test', 'Root-Pass-2026')}` };
  });
  afterAll(async () => {
    await t?.close();
    await google?.stop();
  });

  const call = async (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: unknown) => {
    const res = await t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined, contentType: res.headers['content-type'] };
  };
  const settingsOf = (headers: Headers) => call('GET', '/v1/admin/calendar', headers).then((r) => r.body);
  const busyDays = (tenantId: string) =>
    t.app
      .get(TenantScope)
      .run(tenantId, async () => (await t.app.get(EntityManager).find(CalendarBusyDay, {}, { orderBy: { date: 'asc' } })).map((row) => row.date));
  const syncedAfter = (headers: Headers, since: string | null) => async () => {
    const settings = await settingsOf(headers);
    return settings.status !== 'NEVER_SYNCED' && settings.lastSyncedAt !== since && settings.lastSyncedAt !== null;
  };
  const monthView = async (tenant: SeededTenant, from: string, to: string): Promise<string[]> => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/availability/unavailable?from=${from}&to=${to}`, headers: { 'x-tenant-key': tenant.publicKey } });
    expect(res.statusCode).toBe(200);
    return res.json().dates.map((d: { date: string }) => d.date);
  };
  const availability = async (tenant: SeededTenant, date: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/v1/availability?date=${date}`, headers: { 'x-tenant-key': tenant.publicKey } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const allDay = (date: string, days = 1) => ({ start: `${date}T00:00:00Z`, end: `${addDays(date, days)}T00:00:00Z` });

  it('connects a calendar: the key is stored encrypted, never read back, and a first sync runs at once', async () => {
    expect(await settingsOf(adminA)).toEqual({ configured: false, calendarId: null, status: 'NEVER_SYNCED', lastSyncedAt: null, lastError: null });
    const serviceAccountJson = makeServiceAccountJson();

    const put = await call('PUT', '/v1/admin/calendar', adminA, { calendarId: calendarA, serviceAccountJson });

    expect(put.status).toBe(200);
    expect(put.body).toEqual({ configured: true, calendarId: calendarA, status: 'NEVER_SYNCED', lastSyncedAt: null, lastError: null });
    await waitFor('the first sync', syncedAfter(adminA, null));
    const read = await settingsOf(adminA);
    expect(read).toMatchObject({ configured: true, calendarId: calendarA, status: 'OK', lastError: null });
    expect(JSON.stringify(read)).not.toContain('PRIVATE KEY');
    const stored = await t.app.get(TenantScope).run(a.id, () => t.app.get(EntityManager).findOneOrFail(CalendarSettings, {}));
    expect(stored.credentialsCiphertext).not.toContain('PRIVATE KEY');
    expect(stored.credentialsCiphertext).not.toContain('iam.gserviceaccount.com');
    expect(t.app.get(SecretCipher).decrypt(stored.credentialsCiphertext, a.id)).toBe(serviceAccountJson);
    expect(() => t.app.get(SecretCipher).decrypt(stored.credentialsCiphertext, b.id)).toThrow();
    // The recurring sync: one BullMQ job scheduler per tenant, every 15 minutes.
    const scheduler = await bullQueue(t, 'calendar').getJobScheduler(calendarJobIds.schedule(a.id));
    expect(scheduler).toMatchObject({ name: 'calendar.sync', every: 15 * 60_000 });
  });

  it("records a new booking's calendar job only while its tenant has a calendar connected (a later connection's sync adds it)", async () => {
    const unconnected = await seedTenant(t, 'calendar-none');
    // What the booking's transaction would record, read back in that transaction and rolled back: nothing runs.
    const recordedJobs = (tenantId: string) =>
      t.app.get(TenantScope).run(tenantId, async () => {
        let names: string[] = [];
        const bookingId = randomUUID();
        await t.app
          .get(EntityManager)
          .transactional(async (em) => {
            await t.app.get(JobOutbox).record(em, bookingJobs(tenantId).confirmed(bookingId));
            const rows: { name: string }[] = await em.execute(`select name from outbox_jobs where job_id like ? order by name`, [`%${bookingId}`]);
            names = rows.map((row) => row.name);
            throw new Error('roll back');
          })
          .catch((error: Error) => expect(error.message).toBe('roll back'));
        return names;
      });
    expect(await recordedJobs(a.id)).toEqual(['calendar.upsert-event', 'emails.send']);
    expect(await recordedJobs(unconnected.id)).toEqual(['emails.send']);
  });

  it('rejects credentials that cannot work, naming the field, and accepts the key file as a JSON object too', async () => {
    const invalid = [
      { serviceAccountJson: '{not json', message: /not valid JSON/ },
      { serviceAccountJson: JSON.stringify({ type: 'authorized_user', client_email: 'x@y.zz', private_key: 'k' }), message: /service_account/ },
      { serviceAccountJson: JSON.stringify({ type: 'service_account', client_email: 'x@y.zz', private_key: 'not a key' }), message: /PEM/ },
      { serviceAccountJson: JSON.stringify({ type: 'service_account', private_key: 'k' }), message: /client_email/ },
      { serviceAccountJson: 42, message: /key file JSON/ },
    ];
    for (const { serviceAccountJson, message } of invalid) {
      const res = await call('PUT', '/v1/admin/calendar', adminB, { calendarId: calendarB, serviceAccountJson });
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([{ field: 'serviceAccountJson', message: expect.stringMatching(message) }]);
    }
    expect((await call('PUT', '/v1/admin/calendar', adminB, { calendarId: calendarB })).status).toBe(400);
    expect((await call('PUT', '/v1/admin/calendar', adminB, { calendarId: calendarB, serviceAccountJson: makeServiceAccountJson(), extra: 1 })).status).toBe(
      400,
    );
    expect((await settingsOf(adminB)).configured).toBe(false);

    const asObject = await call('PUT', '/v1/admin/calendar', adminB, { calendarId: calendarB, serviceAccountJson: JSON.parse(makeServiceAccountJson()) });
    expect(asObject.status).toBe(200);
    await waitFor("tenant B's first sync", syncedAfter(adminB, null));
    expect((await settingsOf(adminB)).status).toBe('OK');
  });

  it('makes the days of a Google busy period unavailable after a sync, and available again once they are no longer busy', async () => {
    google.setBusy(calendarA, [
      allDay(day(30), 2), // a two-day all-day event
      { start: `${day(45)}T15:00:00Z`, end: `${day(45)}T18:00:00Z` }, // an afternoon
      allDay(addDays(today, -10)), // in the past: not kept
    ]);
    const before = (await settingsOf(adminA)).lastSyncedAt;
    expect(await monthView(a, day(30), day(45))).toEqual([]); // read, and cached, before the sync

    const sync = await call('POST', '/v1/admin/calendar/sync', adminA);

    expect(sync.status).toBe(202);
    expect(sync.body.configured).toBe(true);
    await waitFor('the sync', syncedAfter(adminA, before));
    expect(await busyDays(a.id)).toEqual([day(30), day(31), day(45)]);
    expect(await busyDays(b.id)).toEqual([]);
    expect(await availability(a, day(30))).toEqual({ date: day(30), available: false, reason: 'CALENDAR_BUSY' });
    expect(await availability(a, day(45))).toEqual({ date: day(45), available: false, reason: 'CALENDAR_BUSY' });
    expect(await availability(a, day(32))).toEqual({ date: day(32), available: true, reason: null });
    expect(await availability(b, day(30))).toMatchObject({ available: true });
    // The sync dropped the tenant's cached month view.
    expect(await monthView(a, day(30), day(45))).toEqual([day(30), day(31), day(45)]);

    google.setBusy(calendarA, [allDay(day(31)), allDay(day(60))]);
    const second = (await settingsOf(adminA)).lastSyncedAt;
    expect((await call('POST', '/v1/admin/calendar/sync', adminA)).status).toBe(202);
    await waitFor('the second sync', syncedAfter(adminA, second));

    expect(await busyDays(a.id)).toEqual([day(31), day(60)]);
    expect(await availability(a, day(30))).toMatchObject({ available: true, reason: null });
    expect(await availability(a, day(60))).toMatchObject({ available: false, reason: 'CALENDAR_BUSY' });
  });

  it('adds one event for a booking even when its job runs twice, and deletes it when the booking is cancelled', async () => {
    const bookingId = await seedBooking(t, a.id, { eventDate: day(90), name: 'Grace Hopper', email: 'grace@example.com' });
    const eventId = eventIdForBooking(bookingId);
    const queue = t.app.get(JobQueue);

    await queue.enqueue('calendar.upsert-event', { tenantId: a.id, bookingId }, { jobId: `first.${bookingId}` });
    await waitFor('the first run', async () => (await jobState(t, 'calendar', `first.${bookingId}`)) === 'completed');
    await queue.enqueue('calendar.upsert-event', { tenantId: a.id, bookingId }, { jobId: `second.${bookingId}` });
    await waitFor('the second run', async () => (await jobState(t, 'calendar', `second.${bookingId}`)) === 'completed');

    const events = google.events.filter((e) => e.id === eventId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      calendarId: calendarA,
      status: 'confirmed',
      summary: 'Classic Wedding: Grace Hopper',
      start: { date: day(90) },
      end: { date: day(91) },
    });
    expect(events[0].description).toContain('grace@example.com');
    expect(google.apiRequests.filter((r) => r.method === 'POST' && r.path.endsWith('/events') && (r.body as { id?: string })?.id === eventId)).toHaveLength(2);
    const booking = () => t.app.get(TenantScope).run(a.id, () => t.app.get(EntityManager).findOneOrFail(Booking, { id: bookingId }));
    expect((await booking()).calendarEventId).toBe(eventId);

    await cancelBooking(t, a.id, bookingId);
    await queue.enqueue('calendar.delete-event', { tenantId: a.id, bookingId }, { jobId: `delete.${bookingId}` });
    await waitFor('the delete', async () => (await jobState(t, 'calendar', `delete.${bookingId}`)) === 'completed');

    expect(google.events.filter((e) => e.id === eventId).map((e) => e.status)).toEqual(['cancelled']);
    expect((await booking()).calendarEventId).toBeNull();
    // The event showed in freeBusy; the sync that follows the delete frees its day.
    await waitForQueueIdle(t, 'calendar');
    expect(await busyDays(a.id)).not.toContain(day(90));
  });

  it('marks the calendar FAILING with a readable reason when Google revokes the credentials, logs it, and stops retrying', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    google.rejectGrants('Token has been expired or revoked.');
    google.revokeTokens(); // the cached access token stops working too
    const tokenRequestsBefore = google.tokenRequests.length;

    expect((await call('POST', '/v1/admin/calendar/sync', adminA)).status).toBe(202);
    await waitFor('FAILING', async () => (await settingsOf(adminA)).status === 'FAILING');
    await waitFor('the job to fail', async () => (await jobState(t, 'calendar', calendarJobIds.syncNow(a.id))) === 'failed');

    const settings = await settingsOf(adminA);
    expect(settings.lastError).toBe('Google rejected the service account credentials: invalid_grant (Token has been expired or revoked.)');
    const job = await bullQueue(t, 'calendar').getJob(calendarJobIds.syncNow(a.id));
    expect(job?.attemptsMade).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a retry (20 ms backoff base) would have come by now
    expect(google.tokenRequests.length - tokenRequestsBefore).toBe(1);
    expect(errors.mock.calls.map(([message]) => String(message))).toContainEqual(
      expect.stringMatching(new RegExp(`Google Calendar of tenant ${a.id} is FAILING.*invalid_grant`)),
    );
    errors.mockRestore();

    // Fixed by the admin: new credentials, and the next sync clears the failure.
    google.acceptGrants();
    const put = await call('PUT', '/v1/admin/calendar', adminA, { calendarId: calendarA, serviceAccountJson: makeServiceAccountJson() });
    expect(put.body).toMatchObject({ status: 'NEVER_SYNCED', lastError: null });
    await waitFor('a good sync', syncedAfter(adminA, null));
    expect(await settingsOf(adminA)).toMatchObject({ status: 'OK', lastError: null });
  });

  it("keeps each tenant's calendar to itself: another tenant's admin can neither read nor change it", async () => {
    const ofA = await settingsOf(adminA);
    expect(ofA.calendarId).toBe(calendarA);

    // B's admin sees B's own settings, never A's; naming A's tenant is refused.
    expect((await settingsOf(adminB)).calendarId).toBe(calendarB);
    expect((await call('GET', '/v1/admin/calendar', { ...adminB, 'x-tenant-id': a.id })).status).toBe(403);
    expect(
      (await call('PUT', '/v1/admin/calendar', { ...adminB, 'x-tenant-id': a.id }, { calendarId: 'evil', serviceAccountJson: makeServiceAccountJson() }))
        .status,
    ).toBe(403);
    expect((await call('DELETE', '/v1/admin/calendar', { ...adminB, 'x-tenant-id': a.id })).status).toBe(403);
    expect((await call('POST', '/v1/admin/calendar/sync', { ...adminB, 'x-tenant-id': a.id })).status).toBe(403);
    // B changing and removing its own calendar leaves A's alone.
    expect(
      (await call('PUT', '/v1/admin/calendar', adminB, { calendarId: 'other@group.calendar.google.com', serviceAccountJson: makeServiceAccountJson() })).status,
    ).toBe(200);
    expect((await call('DELETE', '/v1/admin/calendar', adminB)).status).toBe(204);
    expect((await call('DELETE', '/v1/admin/calendar', adminB)).status).toBe(404);
    expect((await call('POST', '/v1/admin/calendar/sync', adminB)).status).toBe(404);
    expect(await settingsOf(adminA)).toMatchObject({ configured: true, calendarId: calendarA });
    // Without a token: 401; a platform admin picks the tenant.
    expect((await call('GET', '/v1/admin/calendar', {})).status).toBe(401);
    expect((await settingsOf({ ...root, 'x-tenant-id': a.id })).calendarId).toBe(calendarA);
    expect((await settingsOf({ ...root, 'x-tenant-id': b.id })).configured).toBe(false);
  });

  it('disconnecting forgets the credentials, the busy days and the schedule', async () => {
    google.setBusy(calendarA, [allDay(day(20))]);
    const before = (await settingsOf(adminA)).lastSyncedAt;
    await call('POST', '/v1/admin/calendar/sync', adminA);
    await waitFor('the sync', syncedAfter(adminA, before));
    expect(await busyDays(a.id)).toContain(day(20));
    await waitForQueueIdle(t, 'calendar');

    expect((await call('DELETE', '/v1/admin/calendar', adminA)).status).toBe(204);

    expect(await settingsOf(adminA)).toMatchObject({ configured: false, calendarId: null });
    expect(await busyDays(a.id)).toEqual([]);
    expect(await bullQueue(t, 'calendar').getJobScheduler(calendarJobIds.schedule(a.id))).toBeFalsy();
  });
});
