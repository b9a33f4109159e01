/** metrics.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const METRICS_SQL = {
  // platform-wide: a figure of the whole platform, read at scrape time.
  bookingsByStatus: 'select status, count(*) as count from bookings group by status',
  // platform-wide: a figure of the whole platform, read at scrape time.
  refundsByReason: 'select reason, count(*) as count from booking_failures where refund_id is not null group by reason',
  webhookEventsByStatus: 'select status, count(*) as count from webhook_events group by status',
  webhookLag: `select
             (select avg(extract(epoch from processed_at - received_at)) from webhook_events
               where processed_at > now() - interval '5 minutes') as mean,
             (select max(extract(epoch from processed_at - received_at)) from webhook_events
               where processed_at > now() - interval '5 minutes') as max,
             (select extract(epoch from now() - min(received_at)) from webhook_events where status = 'PENDING') as oldest`,
} as const;
