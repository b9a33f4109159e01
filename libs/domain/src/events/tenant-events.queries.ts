/** tenant-events.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const TENANT_EVENTS_SQL = {
  // platform-wide: the sweep's retention, for every tenant's events.
  forgetOld: `delete from tenant_events e
          where e.created_at < now() - make_interval(days => ?)
            and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'PENDING')
          returning e.id`,
  insertEvent: `insert into tenant_events (id, created_at, updated_at, tenant_id, type, data) values (?, now(), now(), ?, ?, ?::jsonb)`,
} as const;
