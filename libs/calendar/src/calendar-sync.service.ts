import { Injectable, Logger } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  addDays,
  AllDayEvent,
  Booking,
  BookingStatus,
  CalendarAuthError,
  CalendarCredentials,
  CalendarProvider,
  CurrentTenant,
  formatMoney,
  JobQueue,
  TenantReadsChanged,
  todayIn,
  toCalendarDate,
} from '@mais/domain';
import { CalendarBusyDay } from './calendar-busy-day.entity';
import { CalendarSettings, CalendarSyncStatus } from './calendar-settings.entity';
import { JobScheduler } from '@mais/jobs';
import { SecretCipher } from '@mais/tenancy';
import { busyIntervalsToDays } from './busy-days';
import { calendarJobIds } from './calendar-sync-jobs';
import { eventIdForBooking } from './event-id';

/** How far ahead busy days are read: 18 months. */
export const SYNC_HORIZON_DAYS = 549;
const DAY_MS = 86_400_000;
/** Bookings whose event a sync re-enqueues at most, per run. */
const REPAIR_BATCH = 100;

export type CalendarSyncResult =
  | { outcome: 'synced'; busyDays: number; added: number; removed: number; repairsQueued: number }
  /** No calendar configured (any more): nothing to do, and the schedule that ran is removed. */
  | { outcome: 'not-configured' }
  /** The settings changed while Google was being read: this result is dropped, the newer sync wins. */
  | { outcome: 'stale' };

export type CalendarEventResult = 'done' | 'not-configured' | 'skipped' | 'stale';

/** The credentials a run used, to tell whether the settings were replaced meanwhile. */
interface Connection {
  credentials: CalendarCredentials;
  ciphertext: string;
}

/**
 * Keeps a tenant's Google Calendar and MAIS in step, for the `calendar` jobs (always in the tenant's
 * scope): reads freeBusy for the next 18 months into `CalendarBusyDay` rows (the table availability
 * reads), adds one all-day event per paid booking and deletes it on cancel. Credentials Google rejects
 * (invalid_grant, 401/403, calendar not shared) mark the calendar FAILING with Google's reason and
 * throw CalendarAuthError, which the worker does not retry. Writes take the tenant's settings row lock,
 * so concurrent runs serialise and a run that used replaced credentials never overwrites newer state.
 */
@Injectable()
export class CalendarSyncService {
  private readonly logger = new Logger(CalendarSyncService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly currentTenant: CurrentTenant,
    private readonly cipher: SecretCipher,
    private readonly provider: CalendarProvider,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
    private readonly readsChanged: TenantReadsChanged,
  ) {}

  /** Replaces the tenant's busy days with what Google says for today … +18 months; then repairs missing events. */
  async sync(now = new Date()): Promise<CalendarSyncResult> {
    const tenantId = this.currentTenant.tenantId;
    const connection = await this.connect();
    if (!connection) {
      await this.scheduler.removeSchedule('calendar.sync', calendarJobIds.schedule(tenantId));
      return { outcome: 'not-configured' };
    }
    const tenant = await this.currentTenant.tenant();
    const today = todayIn(tenant.timezone, now);
    const lastDay = addDays(today, SYNC_HORIZON_DAYS);
    // A day either side of the horizon covers every time zone's midnight; days outside are dropped below.
    const from = new Date(now.getTime() - DAY_MS);
    const to = new Date(now.getTime() + (SYNC_HORIZON_DAYS + 1) * DAY_MS);
    const intervals = await this.withAuthHandling(connection, () => this.provider.freeBusy(connection.credentials, from, to));
    const busy = new Set(busyIntervalsToDays(intervals, tenant.timezone).filter((day) => day >= today && day <= lastDay));

    const written = await this.writeLocked(connection, async (em, settings) => {
      const existing = (await em.find(CalendarBusyDay, {})).map((row) => ({ id: row.id, date: toCalendarDate(row.date) }));
      const stale = existing.filter((row) => !busy.has(row.date));
      const known = new Set(existing.map((row) => row.date));
      const fresh = [...busy].filter((day) => !known.has(day));
      if (stale.length > 0) await em.nativeDelete(CalendarBusyDay, { tenant: tenantId, id: { $in: stale.map((row) => row.id) } });
      for (const date of fresh) em.create(CalendarBusyDay, { tenant: tenantId, date, syncedAt: now });
      if (known.size > stale.length) await em.nativeUpdate(CalendarBusyDay, { tenant: tenantId, date: { $in: [...busy] } }, { syncedAt: now });
      settings.status = CalendarSyncStatus.OK;
      settings.lastSyncedAt = now;
      settings.lastError = null;
      return { added: fresh.length, removed: stale.length };
    });
    if (!written) return { outcome: 'stale' };
    // Busy days are part of the widget's month view.
    if (written.added > 0 || written.removed > 0) await this.readsChanged.notify();
    const repairsQueued = await this.queueMissingEventWork(today);
    return { outcome: 'synced', busyDays: busy.size, ...written, repairsQueued };
  }

  /** Puts the booking's all-day event in the calendar (idempotent: the event id derives from the booking). */
  async addBookingEvent(bookingId: string): Promise<CalendarEventResult> {
    const connection = await this.connect();
    if (!connection) return 'not-configured';
    const booking = await this.em.findOne(Booking, { id: bookingId }, { populate: ['customer'] });
    // Cancelled before its event was added: adding it now could only leave a stray event behind.
    if (!booking || booking.status !== BookingStatus.PAID) return 'skipped';
    const event = eventOf(booking);
    await this.withAuthHandling(connection, () => this.provider.upsertAllDayEvent(connection.credentials, event));
    // Recorded only while the booking is still PAID, in one statement: no cancel can slip between a check and the write.
    const recorded = await this.em.nativeUpdate(
      Booking,
      { id: booking.id, tenant: this.currentTenant.tenantId, status: BookingStatus.PAID },
      { calendarEventId: event.eventId, updatedAt: new Date() },
    );
    if (recorded === 0) {
      // Cancelled while we were inserting: the delete job may have run before the insert; undo it here.
      await this.withAuthHandling(connection, () => this.provider.deleteEvent(connection.credentials, event.eventId));
      return 'skipped';
    }
    return 'done';
  }

  /** Deletes a cancelled booking's event, then syncs so the day it held is freed in the busy days. */
  async removeBookingEvent(bookingId: string): Promise<CalendarEventResult> {
    const connection = await this.connect();
    if (!connection) return 'not-configured';
    const booking = await this.em.findOne(Booking, { id: bookingId });
    // A live booking keeps its event, whatever asked for the delete.
    if (booking?.status === BookingStatus.PAID) return 'skipped';
    const eventId = booking?.calendarEventId ?? eventIdForBooking(bookingId);
    await this.withAuthHandling(connection, () => this.provider.deleteEvent(connection.credentials, eventId));
    if (booking && booking.calendarEventId !== null) {
      booking.calendarEventId = null;
      await this.em.flush();
    }
    // The event showed as busy in freeBusy: without a sync the freed date would stay CALENDAR_BUSY.
    await this.queue.enqueue('calendar.sync', { tenantId: this.currentTenant.tenantId }, { jobId: calendarJobIds.syncNow(this.currentTenant.tenantId) });
    return 'done';
  }

  /** After a calendar job failed for good: FAILING, with the reason, for the admin's settings read. */
  async recordFailure(reason: string): Promise<void> {
    const settings = await this.em.findOne(CalendarSettings, {});
    if (!settings) return;
    settings.status = CalendarSyncStatus.FAILING;
    settings.lastError = reason;
    await this.em.flush();
  }

  /** The tenant's decrypted credentials, or null when no calendar is configured. */
  private async connect(): Promise<Connection | null> {
    const settings = await this.em.findOne(CalendarSettings, {}, { refresh: true });
    if (!settings) return null;
    const connection: Connection = { ciphertext: settings.credentialsCiphertext, credentials: { calendarId: settings.calendarId, serviceAccountJson: '' } };
    try {
      connection.credentials.serviceAccountJson = this.cipher.decrypt(settings.credentialsCiphertext, this.currentTenant.tenantId);
    } catch {
      const error = new CalendarAuthError(
        'The stored Google credentials cannot be decrypted (was TENANT_SECRETS_ENCRYPTION_KEY changed?); save the service-account JSON again.',
      );
      await this.markFailing(connection, error);
      throw error;
    }
    return connection;
  }

  private async withAuthHandling<T>(connection: Connection, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof CalendarAuthError) await this.markFailing(connection, error);
      throw error;
    }
  }

  private async markFailing(connection: Connection, error: CalendarAuthError): Promise<void> {
    const marked = await this.writeLocked(connection, async (_em, settings) => {
      settings.status = CalendarSyncStatus.FAILING;
      settings.lastError = error.message;
      return true;
    });
    if (marked) this.logger.error(`Google Calendar of tenant ${this.currentTenant.tenantId} is FAILING, syncing stopped until it is fixed: ${error.message}`);
  }

  /**
   * Runs `write` in a transaction holding the settings row lock, if the settings are still the ones
   * `connection` was made from; returns null (and writes nothing) when they were replaced or removed.
   */
  private async writeLocked<T>(connection: Connection, write: (em: EntityManager, settings: CalendarSettings) => Promise<T>): Promise<T | null> {
    return this.em.transactional(
      async (em) => {
        const settings = await em.findOne(CalendarSettings, {}, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!settings || settings.credentialsCiphertext !== connection.ciphertext || settings.calendarId !== connection.credentials.calendarId) {
          return null;
        }
        return write(em, settings);
      },
      { clear: true },
    );
  }

  /**
   * Events that should exist but do not (the insert failed for good, or the calendar was connected after
   * the booking), and events of cancelled bookings still in the calendar: re-enqueued, so a repaired
   * calendar converges. Job ids absorb work already waiting.
   */
  private async queueMissingEventWork(today: string): Promise<number> {
    const tenantId = this.currentTenant.tenantId;
    const missing = await this.em.find(
      Booking,
      { status: BookingStatus.PAID, calendarEventId: null, eventDate: { $gte: today } },
      { fields: ['id'], orderBy: { eventDate: 'asc' }, limit: REPAIR_BATCH },
    );
    const leftover = await this.em.find(
      Booking,
      { status: { $ne: BookingStatus.PAID }, calendarEventId: { $ne: null } },
      { fields: ['id'], limit: REPAIR_BATCH },
    );
    for (const { id } of missing) await this.queue.enqueue('calendar.upsert-event', { tenantId, bookingId: id }, { jobId: calendarJobIds.upsertEvent(id) });
    for (const { id } of leftover) await this.queue.enqueue('calendar.delete-event', { tenantId, bookingId: id }, { jobId: calendarJobIds.deleteEvent(id) });
    return missing.length + leftover.length;
  }
}

/** The all-day event of a booking: who, what, and the reference, for the tenant's own calendar. */
export function eventOf(booking: Booking): AllDayEvent {
  const packageItem = booking.lineItems.find((item) => item.kind === 'PACKAGE') ?? booking.lineItems[0];
  const lines = [
    `Customer: ${booking.customer.name} <${booking.customer.email}>`,
    ...(booking.customer.phone ? [`Phone: ${booking.customer.phone}`] : []),
    '',
    ...booking.lineItems.map((item) => `${item.name}: ${money(item.priceCents, booking.currency)}`),
    `Total: ${money(booking.totalCents, booking.currency)}`,
    ...(booking.notes ? ['', `Notes: ${booking.notes}`] : []),
    '',
    `Booked through MAIS, reference ${booking.id}`,
  ];
  return {
    eventId: eventIdForBooking(booking.id),
    date: booking.eventDate,
    summary: `${packageItem ? `${packageItem.name}: ` : 'Booking: '}${booking.customer.name}`,
    description: lines.join('\n'),
  };
}

function money(cents: number, currency: string): string {
  try {
    return formatMoney(cents, currency);
  } catch {
    return `${cents} ${currency.toUpperCase()} minor units`;
  }
}
