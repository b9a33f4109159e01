import type { JobQueue } from '../ports/job-queue.port';

/**
 * The follow-up jobs of booking events, with deterministic ids (no ':', BullMQ's rule) so that
 * enqueueing twice, e.g. from a retried webhook, adds the job once while it is pending.
 */
export function bookingJobs(tenantId: string) {
  const removedFromCalendar = async (jobs: JobQueue, bookingId: string): Promise<void> => {
    await jobs.enqueue('calendar.delete-event', { tenantId, bookingId }, { jobId: `calendar-delete-event-${bookingId}` });
  };
  return {
    async confirmed(jobs: JobQueue, bookingId: string): Promise<void> {
      await jobs.enqueue('emails.send', { tenantId, template: 'booking-confirmed', bookingId }, { jobId: `email-booking-confirmed-${bookingId}` });
      await jobs.enqueue('emails.send', { tenantId, template: 'booking-new-tenant', bookingId }, { jobId: `email-booking-new-tenant-${bookingId}` });
      await jobs.enqueue('calendar.upsert-event', { tenantId, bookingId }, { jobId: `calendar-upsert-event-${bookingId}` });
    },
    async cancelled(jobs: JobQueue, bookingId: string): Promise<void> {
      await jobs.enqueue('emails.send', { tenantId, template: 'booking-cancelled', bookingId }, { jobId: `email-booking-cancelled-${bookingId}` });
      await removedFromCalendar(jobs, bookingId);
    },
    removedFromCalendar,
    async refundedDateTaken(jobs: JobQueue, bookingFailureId: string): Promise<void> {
      await jobs.enqueue(
        'emails.send',
        { tenantId, template: 'payment-refunded-date-taken', bookingFailureId },
        { jobId: `email-payment-refunded-date-taken-${bookingFailureId}` },
      );
    },
  };
}
