import { Migration } from '@mikro-orm/migrations';

/** Where a customer came from (the widget's utm_* and metadata[…]): on the hold, then on the booking it becomes. */
export class Migration20261203050000BookingMetadata extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "checkout_holds" add column "metadata" jsonb not null default '{}';`);
    this.addSql(`alter table "bookings" add column "metadata" jsonb not null default '{}';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "checkout_holds" drop column "metadata";`);
    this.addSql(`alter table "bookings" drop column "metadata";`);
  }
}
