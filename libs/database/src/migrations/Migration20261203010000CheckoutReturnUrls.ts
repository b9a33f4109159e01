import { Migration } from '@mikro-orm/migrations';

/** A hold keeps the success and cancel URLs its checkout named, so the simulated payment page can send the customer on. */
export class Migration20261203010000CheckoutReturnUrls extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "checkout_holds" add column "success_url" varchar(2048) null, add column "cancel_url" varchar(2048) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "checkout_holds" drop column "success_url", drop column "cancel_url";`);
  }
}
