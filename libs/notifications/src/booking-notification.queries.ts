/** booking-notification.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const NOTIFICATION_SQL = {
  claim: `insert into email_deliveries (id, created_at, updated_at, tenant_id, dedupe_key, template, to_address, status)
       values (?, now(), now(), ?, ?, ?, ?, ?) on conflict (tenant_id, dedupe_key) do nothing returning id`,
  /** A booking as its emails show it, with its customer and its tenant's name. */
  booking: `select b.id, b.event_date::text as event_date, b.line_items, b.total_cents, b.commission_cents, b.currency, b.refunded_at,
              c.name as customer_name, c.email as customer_email, c.phone as customer_phone, t.name as tenant_name
         from bookings b join customers c on c.id = b.customer_id and c.tenant_id = b.tenant_id join tenants t on t.id = b.tenant_id
        where b.tenant_id = ? and b.id = ?`,
  /** The tenant's active admins, who get the business's notices. */
  adminEmails: `select email from users where tenant_id = ? and role = 'TENANT_ADMIN' and is_active order by email`,
} as const;
