/** availability.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const AVAILABILITY_SQL = {
  /**
   * The unavailable dates of one or more (tenant, date range) rows, one branch per source: `?::jsonb` is an array of
   * `{ n, tenant_id, date_from, date_to, ignore_hold_id }`, then the time open holds must outlast. Every branch joins
   * on the row's tenant_id. One row serves a date or a calendar range; several, a batch of completions.
   */
  reasonsIn: `with wanted as (
         select * from jsonb_to_recordset(?::jsonb) as w(n int, tenant_id uuid, date_from date, date_to date, ignore_hold_id uuid)
       ), open_after as (select ?::timestamptz as at)
       select w.n, b.event_date::text as date, 'BOOKED' as reason from wanted w
         join bookings b on b.tenant_id = w.tenant_id and b.status = 'PAID' and b.event_date between w.date_from and w.date_to
       union all
       select w.n, d.date::text, 'BLACKOUT' from wanted w
         join blackout_dates d on d.tenant_id = w.tenant_id and d.date between w.date_from and w.date_to
       union all
       select w.n, c.date::text, 'CALENDAR_BUSY' from wanted w
         join calendar_busy_days c on c.tenant_id = w.tenant_id and c.date between w.date_from and w.date_to
       union all
       select w.n, h.event_date::text, 'HELD' from wanted w
         join checkout_holds h on h.tenant_id = w.tenant_id and h.status = 'OPEN' and h.event_date between w.date_from and w.date_to
          and h.id is distinct from w.ignore_hold_id and h.expires_at > (select at from open_after)`,
} as const;
