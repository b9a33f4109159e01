/** checkout.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const CHECKOUT_SQL = {
  holdDate: `update checkout_holds set status = 'RELEASED', updated_at = now()
            where tenant_id = ? and event_date = ? and status = 'OPEN' and expires_at <= ?`,
} as const;
