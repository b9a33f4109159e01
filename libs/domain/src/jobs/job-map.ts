/**
 * Every background job, bound to its payload type and its queue. Enqueueing a job with the wrong
 * payload does not compile. Payloads are small: ids, never entities.
 */
export interface JobPayloads {
  /** Process one stored payment-provider event (job id = provider event id). */
  'webhooks.process': { webhookEventId: string };
  /**
   * One pass of the worker's sweep (events left PENDING, the outbox, expired records): a job scheduler's job,
   * so N workers sweep once per interval between them.
   */
  'webhooks.sweep': Record<string, never>;
  /**
   * Send one templated email (dedupeKey makes it send at most once). `withTenantNotice` (booking-confirmed only): the
   * business's booking-new-tenant notice goes out in the same job, from the same reads.
   */
  'emails.send': {
    tenantId: string;
    template: EmailTemplateName;
    bookingId?: string;
    bookingFailureId?: string;
    webhookEndpointId?: string;
    withTenantNotice?: boolean;
  };
  /** Read the tenant's calendar freeBusy and refresh its busy days. */
  'calendar.sync': { tenantId: string };
  /** Upsert every configured tenant's `calendar.sync` schedule (a job scheduler's job on Redis: schedules there can be lost). */
  'calendar.ensure-schedules': Record<string, never>;
  /** Put a booking's all-day event in the tenant's calendar (idempotent by an id derived from the booking). */
  'calendar.upsert-event': { tenantId: string; bookingId: string };
  /** Remove a cancelled booking's event from the tenant's calendar. */
  'calendar.delete-event': { tenantId: string; bookingId: string };
  /** Create one delivery of a tenant event per endpoint subscribed to it (job id derived from the event). */
  'tenant-webhooks.fan-out': { tenantId: string; eventId: string };
  /** POST one delivery to its endpoint; a failure is retried with the queue's backoff (about 34 hours). */
  'tenant-webhooks.deliver': { tenantId: string; deliveryId: string };
}

export type JobName = keyof JobPayloads;

export type EmailTemplateName = 'booking-confirmed' | 'booking-new-tenant' | 'payment-refunded-date-taken' | 'booking-cancelled' | 'webhook-endpoint-disabled';

export const QUEUE_NAMES = ['webhooks', 'emails', 'calendar', 'tenant-webhooks'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export const QUEUE_OF_JOB: { readonly [N in JobName]: QueueName } = {
  'webhooks.process': 'webhooks',
  'webhooks.sweep': 'webhooks',
  'emails.send': 'emails',
  'calendar.sync': 'calendar',
  'calendar.ensure-schedules': 'calendar',
  'calendar.upsert-event': 'calendar',
  'calendar.delete-event': 'calendar',
  'tenant-webhooks.fan-out': 'tenant-webhooks',
  'tenant-webhooks.deliver': 'tenant-webhooks',
};

export interface EnqueueOptions {
  /** Deduplicates: a job with an id already waiting or active is not added twice. */
  jobId?: string;
  delayMs?: number;
}
