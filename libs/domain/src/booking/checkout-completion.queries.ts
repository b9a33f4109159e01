/** checkout-completion.service.ts's and paid-checkout-batch.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const COMPLETION_SQL = {
  /**
   * What earlier runs left for each paid session: its booking, its failure, and whether a full refund of its payment
   * was already reported (stored webhook events are platform-level). `?::jsonb`: `[{ n, tenant_id, session_id,
   * payment_intent_id }]`.
   */
  earlierOutcomes: `select p.n,
         (select json_build_object('id', b.id, 'status', b.status) from bookings b
           where b.tenant_id = p.tenant_id and b.checkout_session_id = p.session_id) as booking,
         (select json_build_object('id', f.id, 'reason', f.reason, 'refundId', f.refund_id) from booking_failures f
           where f.tenant_id = p.tenant_id and f.checkout_session_id = p.session_id) as failure,
         (p.payment_intent_id is not null and exists (select 1 from webhook_events e where e.refunded_payment_id = p.payment_intent_id)) as refunded
       from jsonb_to_recordset(?::jsonb) as p(n int, tenant_id uuid, session_id text, payment_intent_id text)
       order by p.n`,
} as const;
