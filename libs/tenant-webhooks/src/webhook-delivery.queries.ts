/** webhook-delivery.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const DELIVERY_SQL = {
  insertDeliveries: `insert into webhook_deliveries (id, created_at, updated_at, tenant_id, endpoint_id, event_id, manual, status, attempts)
           values (gen_random_uuid(), now(), now(), ?, ?, ?, false, 'PENDING', 0)
           on conflict ("endpoint_id", "event_id") where "manual" = false do nothing`,
  pendingDeliveries: `select id from webhook_deliveries where tenant_id = ? and event_id = ? and status = 'PENDING'`,
} as const;
