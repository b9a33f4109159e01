/** checkout-completion.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const COMPLETION_SQL = {
  earlierOutcome: `select (select json_build_object('id', b.id, 'status', b.status) from bookings b
                  where b.tenant_id = ? and b.checkout_session_id = ?) as booking,
                (select json_build_object('id', f.id, 'reason', f.reason, 'refundId', f.refund_id) from booking_failures f
                  where f.tenant_id = ? and f.checkout_session_id = ?) as failure,
                (?::text is not null and exists (select 1 from webhook_events where refunded_payment_id = ?)) as refunded`,
  upsertCustomer: `insert into customers (id, created_at, updated_at, tenant_id, email, name, phone) values (?, now(), now(), ?, ?, ?, ?)
       on conflict (tenant_id, email) do update set name = excluded.name, phone = coalesce(excluded.phone, customers.phone), updated_at = now()
       returning id`,
} as const;
