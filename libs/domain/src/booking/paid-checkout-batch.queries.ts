/** paid-checkout-batch.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const PAID_BATCH_SQL = {
  /**
   * The holds the paid sessions name, with their tenant's connected account. `?::jsonb`: `[{ n, tenant_id, hold_id }]`;
   * a hold is found only under the tenant its event names.
   */
  holds: `select p.n, h.id, h.status, h.event_date::text as event_date, h.session_id, h.customer, h.package_id, h.line_items,
              h.total_cents, h.currency, h.notes, h.metadata, t.stripe_account_id
         from jsonb_to_recordset(?::jsonb) as p(n int, tenant_id uuid, hold_id uuid)
         join checkout_holds h on h.tenant_id = p.tenant_id and h.id = p.hold_id
         join tenants t on t.id = h.tenant_id`,
  /**
   * Books every row in one statement: a PAID booking copied from its hold (still OPEN), the hold CONVERTED, and the
   * stored webhook event PROCESSED (still PENDING). Returns how many of each it changed: the caller checks each is the
   * number of rows, and rolls back otherwise. `?::jsonb`: `[{ tenant_id, hold_id, booking_id, customer_id, session_id,
   * payment_intent_id, webhook_event_id }]`.
   */
  book: `with paid as (
         select * from jsonb_to_recordset(?::jsonb)
           as p(tenant_id uuid, hold_id uuid, booking_id uuid, customer_id uuid, session_id text, payment_intent_id text, webhook_event_id uuid)
       ), booked as (
         insert into bookings (id, created_at, updated_at, tenant_id, event_date, status, customer_id, package_id, line_items, total_cents,
                               commission_cents, commission_percent, currency, notes, metadata, hold_id, checkout_session_id, payment_intent_id)
         select p.booking_id, now(), now(), h.tenant_id, h.event_date, 'PAID', p.customer_id, h.package_id, h.line_items, h.total_cents,
                h.commission_cents, h.commission_percent, h.currency, h.notes, h.metadata, h.id, p.session_id, p.payment_intent_id
           from paid p join checkout_holds h on h.tenant_id = p.tenant_id and h.id = p.hold_id and h.status = 'OPEN'
         returning id
       ), converted as (
         update checkout_holds h set status = 'CONVERTED', session_id = coalesce(h.session_id, p.session_id), updated_at = now()
           from paid p where h.tenant_id = p.tenant_id and h.id = p.hold_id and h.status = 'OPEN'
         returning h.id
       ), processed as (
         update webhook_events e set status = 'PROCESSED', processed_at = now(), updated_at = now(), tenant_id = p.tenant_id
           from paid p where e.id = p.webhook_event_id and e.status = 'PENDING'
         returning e.id
       )
       select (select count(*) from booked)::int as booked, (select count(*) from converted)::int as converted,
              (select count(*) from processed)::int as processed`,
} as const;
