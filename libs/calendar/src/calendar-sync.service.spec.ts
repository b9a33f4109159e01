import { randomBytes } from 'node:crypto';
import { Test, TestingModule } from '@nestjs/testing';
import { Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  addDays,
  AllDayEvent,
  Booking,
  BookingStatus,
  BusyInterval,
  CalendarAuthError,
  CalendarCredentials,
  CalendarProvider,
  CurrentTenant,
  Customer,
  JobQueue,
  Tenant,
  TenantReadsChanged,
  todayIn,
} from '@mais/domain';
import { CalendarBusyDay } from './calendar-busy-day.entity';
import { CalendarSettings, CalendarSyncStatus } from './calendar-settings.entity';
import { CacheModule } from '@mais/cache';
import { DatabaseModule } from '@mais/database';
import { JobScheduler } from '@mais/jobs';
import { SettingsModule } from '@mais/settings';
import { SecretCipher, TenantScope } from '@mais/tenancy';
import { createTestSettings, FakeGoogleServer, makeServiceAccountJson } from '@mais/testing';
import { calendarJobIds } from './calendar-sync-jobs';
import { CalendarSyncService, eventOf, SYNC_HORIZON_DAYS } from './calendar-sync.service';
import { eventIdForBooking } from './event-id';
import { GoogleCalendarProvider } from './google-calendar.provider';
import { RecordingQueue } from '../testing/recording-queue';

/** The real Google provider, with a hook that runs after each call (to change the world mid-job). */
class HookedProvider extends CalendarProvider {
  after: (() => Promise<void>) | undefined;
  constructor(private readonly inner: GoogleCalendarProvider) {
    super();
  }
  async freeBusy(credentials: CalendarCredentials, from: Date, to: Date): Promise<BusyInterval[]> {
    return this.afterCall(await this.inner.freeBusy(credentials, from, to));
  }
  async upsertAllDayEvent(credentials: CalendarCredentials, event: AllDayEvent): Promise<void> {
    return this.afterCall(await this.inner.upsertAllDayEvent(credentials, event));
  }
  async deleteEvent(credentials: CalendarCredentials, eventId: string): Promise<void> {
    return this.afterCall(await this.inner.deleteEvent(credentials, eventId));
  }
  private async afterCall<T>(value: T): Promise<T> {
    const hook = this.after;
    this.after = undefined;
    await hook?.();
    return value;
  }
}

describe(CalendarSyncService.name, () => {
  let moduleRef: TestingModule;
  let google: FakeGoogleServer;
  let provider: HookedProvider;
  let queue: RecordingQueue;
  let scope: TenantScope;
  let em: EntityManager;
  let cipher: SecretCipher;
  let service: CalendarSyncService;
  let tenantId: string;
  const calendarId = 'studio@group.calendar.google.com';
  const today = todayIn('America/Los_Angeles');
  const day = (n: number) => addDays(today, n);

  beforeAll(async () => {
    google = await FakeGoogleServer.start();
    queue = new RecordingQueue();
    provider = new HookedProvider(new GoogleCalendarProvider({ googleApiUrl: google.url }));
    const settings = await createTestSettings();
    moduleRef = await Test.createTestingModule({
      imports: [SettingsModule.forRoot(settings), DatabaseModule.forRoot(), CacheModule],
      providers: [
        TenantScope,
        TenantReadsChanged,
        { provide: CurrentTenant, useExisting: TenantScope },
        { provide: SecretCipher, useValue: new SecretCipher(settings.tenantSecretsEncryptionKey) },
        { provide: CalendarProvider, useValue: provider },
        { provide: JobQueue, useValue: queue },
        { provide: JobScheduler, useValue: queue },
        CalendarSyncService,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    scope = moduleRef.get(TenantScope);
    em = moduleRef.get(EntityManager);
    cipher = moduleRef.get(SecretCipher);
    service = moduleRef.get(CalendarSyncService);
  });
  afterAll(async () => {
    await moduleRef?.close();
    await google?.stop();
  });

  let seq = 0;
  beforeEach(async () => {
    google.reset();
    queue.reset();
    // A fresh tenant per test, in Los Angeles: busy days are the tenant's days, not UTC's.
    tenantId = await scope.runUnscoped(async () => {
      const slug = `studio-${++seq}`;
      const tenant = em.create(Tenant, {
        name: slug,
        slug,
        publicKey: `pk_${slug}`,
        secretKeyHash: `h_${slug}`,
        secretKeyCiphertext: 'c',
        commissionPercent: '10.00',
        timezone: 'America/Los_Angeles',
      });
      await em.flush();
      return tenant.id;
    });
    await connect(makeServiceAccountJson());
  });

  const inTenant = <T>(fn: () => Promise<T>) => scope.run(tenantId, fn);
  async function connect(serviceAccountJson: string, id = calendarId): Promise<void> {
    await inTenant(async () => {
      const settings = (await em.findOne(CalendarSettings, {})) ?? em.create(CalendarSettings, { tenant: tenantId, calendarId: id, credentialsCiphertext: '' });
      settings.calendarId = id;
      settings.credentialsCiphertext = cipher.encrypt(serviceAccountJson, tenantId);
      settings.status = CalendarSyncStatus.NEVER_SYNCED;
      settings.lastError = null;
      await em.flush();
    });
  }
  const settings = () => inTenant(() => em.findOneOrFail(CalendarSettings, {}, { refresh: true }));
  const busyDays = () => inTenant(async () => (await em.find(CalendarBusyDay, {}, { orderBy: { date: 'asc' } })).map((row) => row.date));
  const booking = (eventDate: string, status = BookingStatus.PAID) =>
    inTenant(async () => {
      const customer = em.create(Customer, {
        tenant: tenantId,
        email: `c${randomBytes(3).toString('hex')}@example.com`,
        name: 'Ada Lovelace',
        phone: '+15551234567',
      });
      const created = em.create(Booking, {
        tenant: tenantId,
        eventDate,
        status,
        customer,
        lineItems: [{ kind: 'PACKAGE', id: 'p', slug: 'classic', name: 'Classic Wedding', priceCents: 150_000 }],
        totalCents: 150_000,
        commissionCents: 15_000,
        commissionPercent: '10.00',
        currency: 'usd',
        notes: 'Garden ceremony',
        checkoutSessionId: `cs_${randomBytes(8).toString('hex')}`,
      });
      await em.flush();
      return created.id;
    });
  /** 12:00 to 20:00 UTC: inside the same Los Angeles day, summer or winter. */
  const midday = (date: string) => ({ start: `${date}T12:00:00Z`, end: `${date}T20:00:00Z` });

  describe('sync', () => {
    it("replaces the tenant's busy days with the days Google shows busy, in the tenant's time zone, and marks it OK", async () => {
      google.setBusy(calendarId, [
        { start: `${day(10)}T20:00:00Z`, end: `${day(10)}T23:00:00Z` },
        { start: `${day(20)}T12:00:00Z`, end: `${day(22)}T12:00:00Z` },
      ]);
      const now = new Date();

      const result = await inTenant(() => service.sync(now));

      expect(result).toEqual({ outcome: 'synced', busyDays: 4, added: 4, removed: 0, repairsQueued: 0 });
      expect(await busyDays()).toEqual([day(10), day(20), day(21), day(22)]);
      expect(await settings()).toMatchObject({ status: CalendarSyncStatus.OK, lastError: null, lastSyncedAt: now });

      google.setBusy(calendarId, [{ start: `${day(21)}T12:00:00Z`, end: `${day(21)}T13:00:00Z` }]);
      expect(await inTenant(() => service.sync())).toMatchObject({ outcome: 'synced', busyDays: 1, added: 0, removed: 3 });
      expect(await busyDays()).toEqual([day(21)]);
    });

    it('reads 18 months ahead and keeps no day before today or after the horizon', async () => {
      google.setBusy(calendarId, [midday(day(-3)), midday(day(540)), midday(day(SYNC_HORIZON_DAYS + 1))]);

      await inTenant(() => service.sync());

      expect(await busyDays()).toEqual([day(540)]);
      const windows = google.apiRequests.map((r) => r.body as { timeMin: string; timeMax: string });
      const last = new Date(windows[windows.length - 1].timeMax).getTime();
      expect(last - Date.now()).toBeGreaterThan(548 * 86_400_000);
    });

    it('drops its result when the settings were replaced while Google was being read', async () => {
      google.setBusy(calendarId, [midday(day(5))]);
      provider.after = () => connect(makeServiceAccountJson(), 'another@group.calendar.google.com');

      expect(await inTenant(() => service.sync())).toEqual({ outcome: 'stale' });
      expect(await busyDays()).toEqual([]);
      expect((await settings()).status).toBe(CalendarSyncStatus.NEVER_SYNCED);
    });

    it("marks the calendar FAILING with Google's reason, logs it, and throws CalendarAuthError when the grant is refused", async () => {
      const errors = jest.spyOn(Logger.prototype, 'error');
      google.rejectGrants('Invalid JWT Signature.');

      const error = await inTenant(() => service.sync()).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(CalendarAuthError);
      expect(await settings()).toMatchObject({
        status: CalendarSyncStatus.FAILING,
        lastError: 'Google rejected the service account credentials: invalid_grant (Invalid JWT Signature.)',
      });
      expect(errors).toHaveBeenCalledWith(expect.stringContaining(`tenant ${tenantId} is FAILING`));
      errors.mockRestore();
    });

    it('says why when the stored credentials no longer decrypt', async () => {
      await inTenant(async () => {
        const row = await em.findOneOrFail(CalendarSettings, {});
        row.credentialsCiphertext = new SecretCipher(randomBytes(32)).encrypt('{}', tenantId);
        await em.flush();
      });

      await expect(inTenant(() => service.sync())).rejects.toBeInstanceOf(CalendarAuthError);
      expect((await settings()).lastError).toMatch(/cannot be decrypted.*save the service-account JSON again/);
      expect(google.requests).toHaveLength(0);
    });

    it('removes its own schedule when the calendar was disconnected', async () => {
      await inTenant(() => em.nativeDelete(CalendarSettings, { tenant: tenantId }));
      queue.schedules.set(calendarJobIds.schedule(tenantId), { name: 'calendar.sync', payload: { tenantId }, everyMs: 1 });

      expect(await inTenant(() => service.sync())).toEqual({ outcome: 'not-configured' });
      expect(queue.schedules.size).toBe(0);
    });

    it('re-queues the events of paid bookings still missing from the calendar, and of cancelled ones still in it', async () => {
      const missing = await booking(day(30));
      await booking(day(-30)); // past: left alone
      const cancelled = await booking(day(31), BookingStatus.CANCELLED);
      await inTenant(async () => {
        (await em.findOneOrFail(Booking, { id: cancelled })).calendarEventId = eventIdForBooking(cancelled);
        await em.flush();
      });

      const result = await inTenant(() => service.sync());

      expect(result).toMatchObject({ outcome: 'synced', repairsQueued: 2 });
      expect(queue.jobs).toEqual([
        { name: 'calendar.upsert-event', payload: { tenantId, bookingId: missing }, options: { jobId: calendarJobIds.upsertEvent(missing) } },
        { name: 'calendar.delete-event', payload: { tenantId, bookingId: cancelled }, options: { jobId: calendarJobIds.deleteEvent(cancelled) } },
      ]);
    });
  });

  describe('booking events', () => {
    it('adds one all-day event per booking, whatever the number of runs, and remembers its id', async () => {
      const bookingId = await booking(day(40));

      expect(await inTenant(() => service.addBookingEvent(bookingId))).toBe('done');
      expect(await inTenant(() => service.addBookingEvent(bookingId))).toBe('done');

      expect(google.events).toEqual([
        expect.objectContaining({
          id: eventIdForBooking(bookingId),
          status: 'confirmed',
          start: { date: day(40) },
          end: { date: day(41) },
          summary: 'Classic Wedding: Ada Lovelace',
        }),
      ]);
      expect(google.events[0].description).toContain('Total: $1,500.00');
      expect(google.events[0].description).toContain('Garden ceremony');
      expect((await inTenant(() => em.findOneOrFail(Booking, { id: bookingId }, { refresh: true }))).calendarEventId).toBe(eventIdForBooking(bookingId));
    });

    it('adds no event for a booking cancelled before its job ran', async () => {
      const bookingId = await booking(day(41), BookingStatus.CANCELLED);

      expect(await inTenant(() => service.addBookingEvent(bookingId))).toBe('skipped');
      expect(google.events).toEqual([]);
    });

    it('takes the event back out when the booking was cancelled while it was being added', async () => {
      const bookingId = await booking(day(42));
      provider.after = () =>
        scope.run(tenantId, async () => {
          const row = await em.findOneOrFail(Booking, { id: bookingId });
          row.status = BookingStatus.CANCELLED;
          await em.flush();
        });

      expect(await inTenant(() => service.addBookingEvent(bookingId))).toBe('skipped');
      expect(google.events.map((e) => e.status)).toEqual(['cancelled']);
    });

    it("deletes a cancelled booking's event, then asks for a sync so its day is freed", async () => {
      const bookingId = await booking(day(43));
      await inTenant(() => service.addBookingEvent(bookingId));
      await inTenant(async () => {
        (await em.findOneOrFail(Booking, { id: bookingId })).status = BookingStatus.CANCELLED;
        await em.flush();
      });

      expect(await inTenant(() => service.removeBookingEvent(bookingId))).toBe('done');
      expect(await inTenant(() => service.removeBookingEvent(bookingId))).toBe('done'); // already gone: still done

      expect(google.events.map((e) => e.status)).toEqual(['cancelled']);
      expect(queue.jobs).toContainEqual({ name: 'calendar.sync', payload: { tenantId }, options: { jobId: calendarJobIds.syncNow(tenantId) } });
    });

    it("never deletes a live booking's event", async () => {
      const bookingId = await booking(day(44));
      await inTenant(() => service.addBookingEvent(bookingId));

      expect(await inTenant(() => service.removeBookingEvent(bookingId))).toBe('skipped');
      expect(google.events.map((e) => e.status)).toEqual(['confirmed']);
    });

    it('does nothing without a configured calendar', async () => {
      const bookingId = await booking(day(45));
      await inTenant(() => em.nativeDelete(CalendarSettings, { tenant: tenantId }));

      expect(await inTenant(() => service.addBookingEvent(bookingId))).toBe('not-configured');
      expect(await inTenant(() => service.removeBookingEvent(bookingId))).toBe('not-configured');
      expect(google.requests).toHaveLength(0);
    });

    it('marks the calendar FAILING when Google refuses the event for lack of access', async () => {
      const bookingId = await booking(day(46));
      google.failNext(1, { status: 403, reason: 'forbidden', message: 'You need to have writer access to this calendar.' });

      await expect(inTenant(() => service.addBookingEvent(bookingId))).rejects.toBeInstanceOf(CalendarAuthError);
      expect(await settings()).toMatchObject({ status: CalendarSyncStatus.FAILING, lastError: expect.stringContaining('writer access') });
    });
  });

  it('records the reason of a job that failed for good', async () => {
    await inTenant(() => service.recordFailure('Sync failed after 5 attempts: HTTP 503'));
    expect(await settings()).toMatchObject({ status: CalendarSyncStatus.FAILING, lastError: 'Sync failed after 5 attempts: HTTP 503' });
  });

  it('describes a booking as an event without a time zone shift', () => {
    const event = eventOf(
      Object.assign(new Booking(), {
        id: '7f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f',
        eventDate: '2027-12-31',
        customer: Object.assign(new Customer(), { name: 'Ada', email: 'ada@example.com', phone: null }),
        lineItems: [{ kind: 'ADD_ON', id: 'a', slug: 'cake', name: 'Cake', priceCents: 5000 }],
        totalCents: 5000,
        currency: 'jpy',
        notes: null,
      }),
    );
    expect(event).toMatchObject({ eventId: 'mais7f0c1d2e3a4b4c5d8e9f0a1b2c3d4e5f', date: '2027-12-31', summary: 'Cake: Ada' });
    expect(event.description).toContain('Total: ¥5,000');
  });
});
