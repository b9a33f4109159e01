import { Migration } from '@mikro-orm/migrations';

/** What Stripe Connect last said about each tenant's connected account (account.updated, deauthorization). */
export class Migration20261204010000TenantPaymentStatus extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "tenants" add column "charges_enabled" boolean null, add column "details_submitted" boolean null, add column "payment_requirements_due" jsonb not null default '[]', add column "payments_disabled_reason" varchar(255) null, add column "payments_disconnected_at" timestamptz null, add column "payment_status_at" timestamptz null;`,
    );
    // Connect events find their tenant by account id.
    this.addSql(`create index "tenants_stripe_account_id_idx" on "tenants" ("stripe_account_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "tenants_stripe_account_id_idx";`);
    this.addSql(
      `alter table "tenants" drop column "charges_enabled", drop column "details_submitted", drop column "payment_requirements_due", drop column "payments_disabled_reason", drop column "payments_disconnected_at", drop column "payment_status_at";`,
    );
  }
}
