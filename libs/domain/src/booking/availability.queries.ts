/** availability.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const AVAILABILITY_SQL = {
  reasonsBetween: `select event_date::text as date, 'BOOKED' as reason from bookings
        where tenant_id = ? and status = 'PAID' and event_date between ? and ?
       union all
       select date::text, 'BLACKOUT' from blackout_dates
        where tenant_id = ? and date between ? and ?
       union all
       select date::text, 'CALENDAR_BUSY' from calendar_busy_days
        where tenant_id = ? and date between ? and ?
       union all
       select event_date::text, 'HELD' from checkout_holds
        where tenant_id = ? and status = 'OPEN' and expires_at > ? and event_date between ? and ? and id is distinct from ?::uuid`,
} as const;
