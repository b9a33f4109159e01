import { Migration } from '@mikro-orm/migrations';

/**
 * The payment a stored event reports as refunded in full, in a column the payments adapter fills at ingestion:
 * the checkout completion's "was this payment refunded already?" no longer reads Stripe's payload shape.
 */
export class Migration20261204020000WebhookRefundedPayment extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "webhook_events" add column "refunded_payment_id" varchar(255) null;`);
    // Events stored before: the same rule the adapter applies (Stripe's charge.refunded, refunded in full).
    this.addSql(
      `update "webhook_events" set "refunded_payment_id" = "payload"->'data'->'object'->>'payment_intent'
        where "type" = 'charge.refunded'
          and (("payload"->'data'->'object'->>'refunded') = 'true'
            -- CASE: the casts run only on numbers (AND does not promise an order).
            or case when jsonb_typeof("payload"->'data'->'object'->'amount') = 'number'
                     and jsonb_typeof("payload"->'data'->'object'->'amount_refunded') = 'number'
                    then ("payload"->'data'->'object'->>'amount')::numeric > 0
                     and ("payload"->'data'->'object'->>'amount_refunded')::numeric >= ("payload"->'data'->'object'->>'amount')::numeric
                    else false end);`,
    );
    this.addSql(`drop index if exists "webhook_events_refund_payment_intent_idx";`);
    this.addSql(`create index "webhook_events_refunded_payment_idx" on "webhook_events" ("refunded_payment_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "webhook_events_refunded_payment_idx";`);
    this.addSql(
      `create index "webhook_events_refund_payment_intent_idx" on "webhook_events" (("payload"->'data'->'object'->>'payment_intent')) where "type" = 'charge.refunded';`,
    );
    this.addSql(`alter table "webhook_events" drop column "refunded_payment_id";`);
  }
}
