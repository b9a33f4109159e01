import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes of the booking pipeline: bookings by payment (refund notices), and refund notices by payment
 * (a checkout completion that arrives after its refund finds it).
 */
export class Migration20261201000000BookingPipeline extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index "bookings_payment_intent_idx" on "bookings" ("payment_intent_id");`);
    this.addSql(
      `create index "webhook_events_refund_payment_intent_idx" on "webhook_events" (("payload"->'data'->'object'->>'payment_intent')) where "type" = 'charge.refunded';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "webhook_events_refund_payment_intent_idx";`);
    this.addSql(`drop index if exists "bookings_payment_intent_idx";`);
  }
}
