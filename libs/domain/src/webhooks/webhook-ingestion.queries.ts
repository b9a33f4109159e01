import type { PreparedStatement } from '../common/prepared-statement';

/** webhook-ingestion.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const INGESTION_SQL = {
  storedId: `select id from webhook_events where provider_event_id = ?`,
  requeuePending: `select id, provider_event_id from webhook_events
            where status = 'PENDING' and received_at < now() - make_interval(secs => ?)
            order by received_at limit ?`,
} as const;

/**
 * Every webhook delivery that this process does not remember as stored, in one round trip whether the event is new or
 * not: the row inserted now (duplicate false), else the stored row's id (duplicate true). Prepared: planned once per
 * connection, the payload sent as a parameter rather than inlined into new SQL text. Under READ COMMITTED the outer
 * select reads the statement's snapshot: when a concurrent first delivery of the same id commits while our insert
 * waits on it, `do nothing` skips and the select cannot see that row, so no row comes back; the service then reads it
 * with `INGESTION_SQL.storedId`.
 */
export const STORE_WEBHOOK_EVENT: PreparedStatement = {
  name: 'mais_store_webhook_event_v1',
  text: `with inserted as (
           insert into webhook_events (id, created_at, updated_at, provider_event_id, type, payload, refunded_payment_id, status, attempts, received_at)
           values ($1, now(), now(), $2, $3, $4::jsonb, $5, 'PENDING', 0, date_trunc('milliseconds', now()))
           on conflict (provider_event_id) do nothing returning id
         )
         select id, false as duplicate from inserted
         union all
         select id, true as duplicate from webhook_events where provider_event_id = $2 and not exists (select 1 from inserted)`,
};
