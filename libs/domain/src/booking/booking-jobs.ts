import { outboxEntry, type OutboxEntry } from '../jobs/job-outbox';
import { calendarConnected } from '../jobs/outbox-conditions.queries';

/**
 * The follow-up jobs of booking events, as outbox entries with deterministic ids (no ':', BullMQ's rule): each is
 * recorded in the transaction of the change that implies it (JobOutbox), and a retried webhook finds it there
 * instead of adding it twice.
 */
export function bookingJobs(tenantId: string) {
  const removedFromCalendar = (bookingId: string): OutboxEntry[] => [
    outboxEntry('calendar.delete-event', { tenantId, bookingId }, `calendar-delete-event-${bookingId}`),
  ];
  return {
    confirmed: (bookingId: string): OutboxEntry[] => [
      // The couple's confirmation and the business's notice, in one job (ADR 0019).
      outboxEntry('emails.send', { tenantId, template: 'booking-confirmed', bookingId, withTenantNotice: true }, `email-booking-confirmed-${bookingId}`),
      // Only while a calendar is connected: connecting one later runs a sync, which queues the events missing.
      outboxEntry('calendar.upsert-event', { tenantId, bookingId }, `calendar-upsert-event-${bookingId}`, calendarConnected(tenantId)),
    ],
    cancelled: (bookingId: string): OutboxEntry[] => [
      outboxEntry('emails.send', { tenantId, template: 'booking-cancelled', bookingId }, `email-booking-cancelled-${bookingId}`),
      ...removedFromCalendar(bookingId),
    ],
    removedFromCalendar,
    refundedDateTaken: (bookingFailureId: string): OutboxEntry[] => [
      outboxEntry(
        'emails.send',
        { tenantId, template: 'payment-refunded-date-taken', bookingFailureId },
        `email-payment-refunded-date-taken-${bookingFailureId}`,
      ),
    ],
  };
}
