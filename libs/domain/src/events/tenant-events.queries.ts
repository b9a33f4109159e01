/** tenant-events.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const TENANT_EVENTS_SQL = {
  // platform-wide: the sweep's retention, for every tenant's events.
  forgetOld: `delete from tenant_events e
          where e.created_at < now() - make_interval(days => ?)
            and not exists (select 1 from webhook_deliveries d where d.event_id = e.id and d.status = 'PENDING')
          returning e.id`,
  /** `?::jsonb`: an array of `{ id, tenant_id, type, data }`, each event naming its tenant. */
  insertEvents: `insert into tenant_events (id, created_at, updated_at, tenant_id, type, data)
          select e.id, now(), now(), e.tenant_id, e.type, e.data from jsonb_to_recordset(?::jsonb) as e(id uuid, tenant_id uuid, type text, data jsonb)`,
} as const;
