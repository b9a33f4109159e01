/** availability.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const AVAILABILITY_SQL = {
  /**
   * The unavailable dates of one or more (tenant, date range) rows, one branch per source: `?::jsonb` is an array of
   * `{ n, tenant_id, date_from, date_to, ignore_hold_id }`, then the time open holds must outlast. Every branch joins
   * on the row's tenant_id. One row serves a date or a calendar range; several, a batch of completions.
   */
  reasonsIn: `select w.n, x.date, x.reason
         from jsonb_to_recordset(?::jsonb) as w(n int, tenant_id uuid, date_from date, date_to date, ignore_hold_id uuid)
         -- Lateral: each row's own index range scans (a plain join let the planner scan every tenant's rows).
         cross join lateral (
           select b.event_date::text as date, 'BOOKED' as reason from bookings b
            where b.tenant_id = w.tenant_id and b.status = 'PAID' and b.event_date between w.date_from and w.date_to
           union all
           select d.date::text, 'BLACKOUT' from blackout_dates d
            where d.tenant_id = w.tenant_id and d.date between w.date_from and w.date_to
           union all
           select c.date::text, 'CALENDAR_BUSY' from calendar_busy_days c
            where c.tenant_id = w.tenant_id and c.date between w.date_from and w.date_to
           union all
           select h.event_date::text, 'HELD' from checkout_holds h
            where h.tenant_id = w.tenant_id and h.status = 'OPEN' and h.event_date between w.date_from and w.date_to
              and h.id is distinct from w.ignore_hold_id and h.expires_at > ?::timestamptz
         ) x`,
} as const;
