import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { CurrentTenant, JobQueue, NotFoundError, TENANT_FILTER } from '@mais/domain';
import { CalendarBusyDay } from './calendar-busy-day.entity';
import { CalendarSettings, CalendarSyncStatus } from './calendar-settings.entity';
import { JobQueueUnavailableError, JobScheduler } from '@mais/jobs';
import { SecretCipher } from '@mais/tenancy';
import { calendarJobIds, calendarSyncIntervalMs } from './calendar-sync-jobs';
import { parseServiceAccountJson } from './service-account';

/** What an admin may read back: never the credentials. */
export interface CalendarSettingsView {
  configured: boolean;
  calendarId: string | null;
  status: CalendarSyncStatus;
  lastSyncedAt: Date | null;
  lastError: string | null;
}

export interface CalendarSettingsInput {
  calendarId: string;
  /** The service-account key file's JSON text. */
  serviceAccountJson: string;
}

/**
 * The current tenant's Google Calendar connection: write-only credentials (AES-256-GCM under
 * TENANT_SECRETS_ENCRYPTION_KEY, bound to the tenant id), the read-back status, and the jobs that keep
 * it in sync: each configured tenant has one recurring `calendar.sync` (a job scheduler), and a change
 * of settings or an admin's request enqueues a sync at once.
 */
@Injectable()
export class CalendarSettingsService {
  private readonly logger = new Logger(CalendarSettingsService.name);
  private readonly intervalMs = calendarSyncIntervalMs();

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly cipher: SecretCipher,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
  ) {}

  async get(): Promise<CalendarSettingsView> {
    return viewOf(await this.em.findOne(CalendarSettings, {}));
  }

  /**
   * Saves the calendar id and the encrypted key (replacing earlier ones; the status starts over), then
   * schedules the tenant's syncs and asks for one now. Settings are saved even while the queue is
   * down: the worker re-creates every configured tenant's schedule when it starts and every interval.
   */
  async configure(input: CalendarSettingsInput): Promise<CalendarSettingsView> {
    parseServiceAccountJson(input.serviceAccountJson);
    const tenantId = this.currentTenant.tenantId;
    const credentialsCiphertext = this.cipher.encrypt(input.serviceAccountJson, tenantId);
    let settings = await this.em.findOne(CalendarSettings, {});
    if (settings) {
      settings.calendarId = input.calendarId;
      settings.credentialsCiphertext = credentialsCiphertext;
    } else {
      settings = this.em.create(CalendarSettings, { tenant: this.currentTenant.tenantRef(), calendarId: input.calendarId, credentialsCiphertext });
    }
    settings.status = CalendarSyncStatus.NEVER_SYNCED;
    settings.lastSyncedAt = null;
    settings.lastError = null;
    settings.updatedAt = new Date();
    await this.em.flush();
    try {
      await this.scheduler.upsertSchedule(calendarJobIds.schedule(tenantId), 'calendar.sync', { tenantId }, this.intervalMs);
      await this.queue.enqueue('calendar.sync', { tenantId }, { jobId: calendarJobIds.syncAfterChange(tenantId, settings.updatedAt) });
    } catch (error) {
      if (!(error instanceof JobQueueUnavailableError)) throw error;
      this.logger.warn(`Calendar settings of tenant ${tenantId} saved, but the first sync could not be queued: ${error.message}`);
    }
    return viewOf(settings);
  }

  /** Disconnects the calendar: forgets the credentials, its busy days and its schedule. */
  async remove(): Promise<void> {
    const tenantId = this.currentTenant.tenantId;
    const settings = await this.em.findOne(CalendarSettings, {});
    if (!settings) throw new NotFoundError('Calendar settings');
    await this.em.transactional(async (em) => {
      await em.nativeDelete(CalendarBusyDay, { tenant: tenantId });
      await em.nativeDelete(CalendarSettings, { tenant: tenantId });
    });
    this.em.clear();
    try {
      await this.scheduler.removeSchedule('calendar.sync', calendarJobIds.schedule(tenantId));
    } catch (error) {
      // A run of the leftover schedule finds no settings and removes the schedule itself.
      if (!(error instanceof JobQueueUnavailableError)) throw error;
      this.logger.warn(`Calendar schedule of tenant ${tenantId} not removed yet: ${error.message}`);
    }
  }

  /** Queues a sync now (202); a request while one is still waiting is absorbed by it. */
  async requestSync(): Promise<CalendarSettingsView> {
    const tenantId = this.currentTenant.tenantId;
    const settings = await this.em.findOne(CalendarSettings, {});
    if (!settings) throw new NotFoundError('Calendar settings');
    await this.queue.enqueue('calendar.sync', { tenantId }, { jobId: calendarJobIds.syncNow(tenantId) });
    return viewOf(settings);
  }

  /**
   * Platform-level, at worker start and then every interval: makes sure every configured tenant has its
   * recurring sync (schedules live in Redis and can be lost, or were not created while it was down).
   * Upserting an unchanged schedule does not run it again. Returns how many tenants are scheduled.
   */
  async scheduleAllTenants(): Promise<number> {
    const tenantIds = await this.currentTenant.runUnscoped(async () => {
      // Spans tenants on purpose: the one place the calendar reads every tenant's settings.
      const rows = await this.em.find(CalendarSettings, {}, { filters: { [TENANT_FILTER]: false }, fields: ['tenant'] });
      return rows.map((row) => row.tenant.id);
    });
    for (const tenantId of tenantIds) {
      await this.scheduler.upsertSchedule(calendarJobIds.schedule(tenantId), 'calendar.sync', { tenantId }, this.intervalMs);
    }
    return tenantIds.length;
  }
}

function viewOf(settings: CalendarSettings | null): CalendarSettingsView {
  if (!settings) return { configured: false, calendarId: null, status: CalendarSyncStatus.NEVER_SYNCED, lastSyncedAt: null, lastError: null };
  return {
    configured: true,
    calendarId: settings.calendarId,
    status: settings.status,
    lastSyncedAt: settings.lastSyncedAt,
    lastError: settings.lastError,
  };
}
