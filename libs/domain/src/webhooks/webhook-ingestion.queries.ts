/** webhook-ingestion.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const INGESTION_SQL = {
  storeOnce: `insert into webhook_events (id, created_at, updated_at, provider_event_id, type, payload, refunded_payment_id, status, attempts, received_at)
         values (?, now(), now(), ?, ?, ?::jsonb, ?, 'PENDING', 0, date_trunc('milliseconds', now()))
         on conflict (provider_event_id) do nothing returning id`,
  storedId: `select id from webhook_events where provider_event_id = ?`,
  requeuePending: `select id, provider_event_id from webhook_events
            where status = 'PENDING' and received_at < now() - make_interval(secs => ?)
            order by received_at limit ?`,
} as const;
