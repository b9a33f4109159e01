/**
 * Job and schedule ids of the `calendar` queue, in one place so the API (settings changes, manual
 * syncs), the worker (schedules at start) and the sync itself (repairs) agree on them. Ids use '.'
 * because BullMQ reserves ':'.
 */

/** Default time between two scheduled syncs of one tenant's calendar. */
export const DEFAULT_CALENDAR_SYNC_INTERVAL_MS = 15 * 60_000;

/**
 * CALENDAR_SYNC_INTERVAL_MS (60 000 … 86 400 000), else every 15 minutes. Read here, not in Settings,
 * because only the calendar jobs use it; the API and the worker must read the same value, or each
 * upsert of a schedule would reset its interval (and BullMQ runs a sync at once when it changes).
 */
export function calendarSyncIntervalMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.CALENDAR_SYNC_INTERVAL_MS?.trim();
  if (!raw) return DEFAULT_CALENDAR_SYNC_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 60_000 || value > 86_400_000) {
    throw new Error('CALENDAR_SYNC_INTERVAL_MS is malformed: an integer from 60000 to 86400000 (milliseconds)');
  }
  return value;
}

export const calendarJobIds = {
  /** The tenant's recurring sync (a BullMQ job scheduler). */
  schedule: (tenantId: string) => `calendar-sync.${tenantId}`,
  /** A sync asked for by an admin or by a repair; a second request while one waits is absorbed. */
  syncNow: (tenantId: string) => `calendar-sync-now.${tenantId}`,
  /** The sync after new credentials were saved: never absorbed by a run that uses the old ones. */
  syncAfterChange: (tenantId: string, changedAt: Date) => `calendar-sync-settings.${tenantId}.${changedAt.getTime()}`,
  /** A booking's event insert or delete, when a sync re-enqueues it: the same ids the booking pipeline uses, so they absorb each other. */
  upsertEvent: (bookingId: string) => `calendar-upsert-event-${bookingId}`,
  deleteEvent: (bookingId: string) => `calendar-delete-event-${bookingId}`,
};
