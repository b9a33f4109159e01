/** booking-notification.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const NOTIFICATION_SQL = {
  claim: `insert into email_deliveries (id, created_at, updated_at, tenant_id, dedupe_key, template, to_address, status)
       values (?, now(), now(), ?, ?, ?, ?, ?) on conflict (tenant_id, dedupe_key) do nothing returning id`,
} as const;
