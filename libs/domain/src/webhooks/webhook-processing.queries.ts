/** webhook-processing.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const PROCESSING_SQL = {
  /** The stored events of these ids (`?::jsonb`: an array of ids) still PENDING. */
  pendingEvents: `select id, payload, attempts, received_at from webhook_events
          where id in (select value::uuid from jsonb_array_elements_text(?::jsonb)) and status = 'PENDING'`,
  markFailed: `update webhook_events set status = 'FAILED', last_error = coalesce(last_error, ?), updated_at = now() where id = ? and status = 'PENDING'`,
  tenantOfAccount: `select id from tenants where stripe_account_id = ?`,
  record: `update webhook_events
            set status = ?, processed_at = case when ? = 'FAILED' then null else now() end, updated_at = now(),
                tenant_id = coalesce(?, tenant_id), last_error = coalesce(?, last_error),
                attempts = attempts + (case when ? = 'FAILED' then 1 else 0 end)
          where id = ? and status = 'PENDING'`,
  recordFailedAttempt: `update webhook_events set attempts = attempts + 1, last_error = ?, updated_at = now() where id = ?`,
  /** `columns`: the payment status columns an account event sets (names from the code, never from the event). */
  applyAccountStatus: (
    columns: readonly string[],
  ) => `update tenants set ${columns.map((name) => `${name} = ?`).join(', ')}, payment_status_at = ?, updated_at = now()
          where stripe_account_id = ? and (payment_status_at is null or payment_status_at <= ?) returning id`,
} as const;
