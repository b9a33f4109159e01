import { Test, TestingModule } from '@nestjs/testing';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant, JobQueue, NotFoundError, Tenant, ValidationError } from '@mais/domain';
import { CalendarBusyDay } from './calendar-busy-day.entity';
import { CalendarSettings, CalendarSyncStatus } from './calendar-settings.entity';
import { DatabaseModule } from '@mais/database';
import { JobScheduler } from '@mais/jobs';
import { SettingsModule } from '@mais/settings';
import { SecretCipher, TenantScope } from '@mais/tenancy';
import { createTestSettings, makeServiceAccountJson } from '@mais/testing';
import { CalendarSettingsService } from './calendar-settings.service';
import { calendarJobIds, calendarSyncIntervalMs, DEFAULT_CALENDAR_SYNC_INTERVAL_MS } from './calendar-sync-jobs';
import { RecordingQueue } from '../testing/recording-queue';

describe(CalendarSettingsService.name, () => {
  let moduleRef: TestingModule;
  const queue = new RecordingQueue();
  let scope: TenantScope;
  let em: EntityManager;
  let cipher: SecretCipher;
  let service: CalendarSettingsService;
  let tenantId: string;

  beforeAll(async () => {
    const settings = await createTestSettings();
    moduleRef = await Test.createTestingModule({
      imports: [SettingsModule.forRoot(settings), DatabaseModule.forRoot()],
      providers: [
        TenantScope,
        { provide: CurrentTenant, useExisting: TenantScope },
        { provide: SecretCipher, useValue: new SecretCipher(settings.tenantSecretsEncryptionKey) },
        { provide: JobQueue, useValue: queue },
        { provide: JobScheduler, useValue: queue },
        CalendarSettingsService,
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    scope = moduleRef.get(TenantScope);
    em = moduleRef.get(EntityManager);
    cipher = moduleRef.get(SecretCipher);
    service = moduleRef.get(CalendarSettingsService);
  });
  afterAll(() => moduleRef?.close());

  let seq = 0;
  const newTenant = () =>
    scope.runUnscoped(async () => {
      const slug = `settings-${++seq}`;
      const tenant = em.create(Tenant, {
        name: slug,
        slug,
        publicKey: `pk_${slug}`,
        secretKeyHash: `h_${slug}`,
        secretKeyCiphertext: 'c',
        commissionPercent: '10.00',
      });
      await em.flush();
      return tenant.id;
    });
  beforeEach(async () => {
    queue.jobs.length = 0;
    queue.schedules.clear();
    queue.down = false;
    tenantId = await newTenant();
  });

  const inTenant = <T>(fn: () => Promise<T>, id = tenantId) => scope.run(id, fn);
  const input = (calendarId = 'studio@group.calendar.google.com') => ({ calendarId, serviceAccountJson: makeServiceAccountJson() });

  it('reads an unconfigured calendar as such', async () => {
    expect(await inTenant(() => service.get())).toEqual({
      configured: false,
      calendarId: null,
      status: CalendarSyncStatus.NEVER_SYNCED,
      lastSyncedAt: null,
      lastError: null,
    });
  });

  it('stores the key encrypted for this tenant only, schedules the sync every 15 minutes and asks for one now', async () => {
    const settings = input();

    const view = await inTenant(() => service.configure(settings));

    expect(view).toEqual({ configured: true, calendarId: settings.calendarId, status: CalendarSyncStatus.NEVER_SYNCED, lastSyncedAt: null, lastError: null });
    const row = await inTenant(() => em.findOneOrFail(CalendarSettings, {}));
    expect(cipher.decrypt(row.credentialsCiphertext, tenantId)).toBe(settings.serviceAccountJson);
    expect(() => cipher.decrypt(row.credentialsCiphertext, 'another-tenant')).toThrow();
    expect([...queue.schedules]).toEqual([[calendarJobIds.schedule(tenantId), { name: 'calendar.sync', payload: { tenantId }, everyMs: 15 * 60_000 }]]);
    expect(queue.jobs).toEqual([{ name: 'calendar.sync', payload: { tenantId }, options: { jobId: calendarJobIds.syncAfterChange(tenantId, row.updatedAt) } }]);
  });

  it('starts over when the settings are replaced: new key, status NEVER_SYNCED, no old error, a sync that the old one cannot absorb', async () => {
    await inTenant(() => service.configure(input()));
    await inTenant(async () => {
      const row = await em.findOneOrFail(CalendarSettings, {});
      Object.assign(row, { status: CalendarSyncStatus.FAILING, lastError: 'invalid_grant', lastSyncedAt: new Date() });
      await em.flush();
    });
    await new Promise((resolve) => setTimeout(resolve, 5));

    const view = await inTenant(() => service.configure(input('other@group.calendar.google.com')));

    expect(view).toMatchObject({ calendarId: 'other@group.calendar.google.com', status: CalendarSyncStatus.NEVER_SYNCED, lastError: null, lastSyncedAt: null });
    expect(new Set(queue.jobs.map((job) => job.options?.jobId)).size).toBe(2);
    expect(await inTenant(() => em.count(CalendarSettings, {}))).toBe(1);
  });

  it('refuses an unusable key and stores nothing', async () => {
    await expect(inTenant(() => service.configure({ calendarId: 'x', serviceAccountJson: '{}' }))).rejects.toBeInstanceOf(ValidationError);
    expect((await inTenant(() => service.get())).configured).toBe(false);
    expect(queue.jobs).toEqual([]);
  });

  it('saves the settings even while the queue is down (the worker schedules them later)', async () => {
    queue.down = true;

    const view = await inTenant(() => service.configure(input()));

    expect(view.configured).toBe(true);
    expect(queue.schedules.size).toBe(0);
  });

  it('fails a sync request when no calendar is configured, and queues one (absorbing repeats) when it is', async () => {
    await expect(inTenant(() => service.requestSync())).rejects.toBeInstanceOf(NotFoundError);
    await inTenant(() => service.configure(input()));
    queue.jobs.length = 0;

    await inTenant(() => service.requestSync());

    expect(queue.jobs).toEqual([{ name: 'calendar.sync', payload: { tenantId }, options: { jobId: calendarJobIds.syncNow(tenantId) } }]);
  });

  it('disconnects: settings, busy days and schedule go; another tenant keeps its own', async () => {
    const other = await newTenant();
    await inTenant(() => service.configure(input()));
    await inTenant(() => service.configure(input()), other);
    for (const id of [tenantId, other]) {
      await inTenant(async () => {
        em.create(CalendarBusyDay, { tenant: id, date: '2027-06-12' });
        await em.flush();
      }, id);
    }

    await inTenant(() => service.remove());

    expect((await inTenant(() => service.get())).configured).toBe(false);
    expect(await inTenant(() => em.count(CalendarBusyDay, {}))).toBe(0);
    expect(queue.schedules.has(calendarJobIds.schedule(tenantId))).toBe(false);
    expect((await inTenant(() => service.get(), other)).configured).toBe(true);
    expect(await inTenant(() => em.count(CalendarBusyDay, {}), other)).toBe(1);
    await expect(inTenant(() => service.remove())).rejects.toBeInstanceOf(NotFoundError);
  });

  it("schedules every configured tenant's sync, across tenants, and no other tenant's", async () => {
    const other = await newTenant();
    const unconfigured = await newTenant();
    await inTenant(() => service.configure(input()));
    await inTenant(() => service.configure(input()), other);
    queue.schedules.clear();

    const count = await service.scheduleAllTenants();

    expect(count).toBeGreaterThanOrEqual(2);
    expect(queue.schedules.has(calendarJobIds.schedule(tenantId))).toBe(true);
    expect(queue.schedules.has(calendarJobIds.schedule(other))).toBe(true);
    expect(queue.schedules.has(calendarJobIds.schedule(unconfigured))).toBe(false);
  });

  it('reads the sync interval from CALENDAR_SYNC_INTERVAL_MS, 15 minutes by default, and refuses nonsense', () => {
    expect(calendarSyncIntervalMs({})).toBe(DEFAULT_CALENDAR_SYNC_INTERVAL_MS);
    expect(calendarSyncIntervalMs({ CALENDAR_SYNC_INTERVAL_MS: '300000' })).toBe(300_000);
    expect(() => calendarSyncIntervalMs({ CALENDAR_SYNC_INTERVAL_MS: '10' })).toThrow(/CALENDAR_SYNC_INTERVAL_MS/);
    expect(() => calendarSyncIntervalMs({ CALENDAR_SYNC_INTERVAL_MS: 'soon' })).toThrow(/CALENDAR_SYNC_INTERVAL_MS/);
  });
});
