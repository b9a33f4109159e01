import { Migration } from '@mikro-orm/migrations';

/**
 * The initial schema: every table of the data model, its unique and partial-unique constraints,
 * and the trigger that keeps the configuration change log append-only.
 */
export class Migration20261126000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "tenants" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "name" varchar(120) not null, "slug" varchar(63) not null, "public_key" varchar(128) not null, "secret_key_hash" varchar(64) not null, "secret_key_ciphertext" text not null, "commission_percent" numeric(5,2) not null, "stripe_account_id" varchar(255) null, "currency" varchar(3) not null default 'usd', "timezone" varchar(64) not null default 'UTC', "is_active" boolean not null default true, "keys_rotated_at" timestamptz null, constraint "tenants_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "tenants" add constraint "tenants_slug_unique" unique ("slug");`);
    this.addSql(`alter table "tenants" add constraint "tenants_public_key_unique" unique ("public_key");`);
    this.addSql(`alter table "tenants" add constraint "tenants_secret_key_hash_unique" unique ("secret_key_hash");`);
    this.addSql(`create index "tenants_is_active_idx" on "tenants" ("is_active");`);
    this.addSql(
      `create table "packages" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "slug" varchar(80) not null, "name" varchar(200) not null, "description" text not null default '', "base_price_cents" int not null, "tier" varchar(40) null, "photo_url" varchar(2048) null, "active" boolean not null default true, constraint "packages_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "packages_tenant_active_idx" on "packages" ("tenant_id", "active");`);
    this.addSql(`alter table "packages" add constraint "packages_tenant_slug_unique" unique ("tenant_id", "slug");`);
    this.addSql(
      `create table "idempotency_records" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "scope" varchar(80) not null, "key" varchar(255) not null, "request_hash" varchar(64) not null, "response_status" int null, "response_body" jsonb null, "expires_at" timestamptz not null, constraint "idempotency_records_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "idempotency_records_expires_at_idx" on "idempotency_records" ("expires_at");`);
    this.addSql(`alter table "idempotency_records" add constraint "idempotency_records_tenant_scope_key_unique" unique ("tenant_id", "scope", "key");`);
    this.addSql(
      `create table "email_deliveries" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "dedupe_key" varchar(255) not null, "template" varchar(80) not null, "to_address" varchar(254) not null, "status" text check ("status" in ('SENT', 'FAILED')) not null, "provider_message_id" varchar(255) null, "error" text null, constraint "email_deliveries_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "email_deliveries" add constraint "email_deliveries_tenant_dedupe_key_unique" unique ("tenant_id", "dedupe_key");`);
    this.addSql(
      `create table "customers" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "email" varchar(254) not null, "name" varchar(200) not null, "phone" varchar(40) null, constraint "customers_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "customers" add constraint "customers_tenant_email_unique" unique ("tenant_id", "email");`);
    this.addSql(
      `create table "config_versions" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "version" int not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'ARCHIVED')) not null default 'DRAFT', "config" jsonb not null, "revision" int not null default 1, "created_by_type" text check ("created_by_type" in ('USER', 'AGENT', 'SYSTEM')) not null, "created_by_id" varchar(255) null, "published_at" timestamptz null, constraint "config_versions_pkey" primary key ("id"));`,
    );
    this.addSql(`create unique index "config_versions_one_published" on "config_versions" ("tenant_id") where "status" = 'PUBLISHED';`);
    this.addSql(`alter table "config_versions" add constraint "config_versions_tenant_version_unique" unique ("tenant_id", "version");`);
    this.addSql(
      `create table "config_change_logs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "action" varchar(40) not null, "version_id" uuid null, "proposal_id" uuid null, "actor_type" text check ("actor_type" in ('USER', 'AGENT', 'SYSTEM')) not null, "actor_id" varchar(255) null, "before" jsonb null, "after" jsonb null, constraint "config_change_logs_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "config_change_logs_tenant_created_idx" on "config_change_logs" ("tenant_id", "created_at");`);
    this.addSql(
      `create table "checkout_holds" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "event_date" date not null, "status" text check ("status" in ('OPEN', 'CONVERTED', 'RELEASED')) not null default 'OPEN', "expires_at" timestamptz not null, "session_id" varchar(255) null, "checkout_url" varchar(2048) null, "package_id" uuid not null, "line_items" jsonb not null, "customer" jsonb not null, "notes" text null, "total_cents" int not null, "commission_cents" int not null, "commission_percent" numeric(5,2) not null, "currency" varchar(3) not null, constraint "checkout_holds_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "checkout_holds" add constraint "checkout_holds_session_id_unique" unique ("session_id");`);
    this.addSql(`create index "checkout_holds_tenant_date_idx" on "checkout_holds" ("tenant_id", "event_date");`);
    this.addSql(`create unique index "checkout_holds_tenant_date_open_unique" on "checkout_holds" ("tenant_id", "event_date") where "status" = 'OPEN';`);
    this.addSql(
      `create table "calendar_settings" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "calendar_id" varchar(1024) not null, "credentials_ciphertext" text not null, "status" text check ("status" in ('NEVER_SYNCED', 'OK', 'FAILING')) not null default 'NEVER_SYNCED', "last_synced_at" timestamptz null, "last_error" text null, constraint "calendar_settings_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "calendar_settings" add constraint "calendar_settings_tenant_unique" unique ("tenant_id");`);
    this.addSql(
      `create table "calendar_busy_days" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "date" date not null, "synced_at" timestamptz not null, constraint "calendar_busy_days_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "calendar_busy_days" add constraint "calendar_busy_days_tenant_date_unique" unique ("tenant_id", "date");`);
    this.addSql(
      `create table "booking_failures" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "checkout_session_id" varchar(255) not null, "event_date" date not null, "reason" varchar(40) not null, "customer_email" varchar(254) not null, "amount_cents" int not null, "currency" varchar(3) not null, "payment_intent_id" varchar(255) null, "refund_id" varchar(255) null, constraint "booking_failures_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "booking_failures" add constraint "booking_failures_session_id_unique" unique ("checkout_session_id");`);
    this.addSql(
      `create table "bookings" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "event_date" date not null, "status" text check ("status" in ('PAID', 'CANCELLED', 'REFUNDED')) not null default 'PAID', "customer_id" uuid not null, "package_id" uuid null, "line_items" jsonb not null, "total_cents" int not null, "commission_cents" int not null, "commission_percent" numeric(5,2) not null, "currency" varchar(3) not null, "notes" text null, "hold_id" uuid null, "checkout_session_id" varchar(255) not null, "payment_intent_id" varchar(255) null, "calendar_event_id" varchar(1024) null, "cancelled_at" timestamptz null, "refunded_at" timestamptz null, constraint "bookings_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "bookings" add constraint "bookings_checkout_session_id_unique" unique ("checkout_session_id");`);
    this.addSql(`create index "bookings_tenant_date_idx" on "bookings" ("tenant_id", "event_date");`);
    this.addSql(`create unique index "bookings_tenant_date_live_unique" on "bookings" ("tenant_id", "event_date") where "status" = 'PAID';`);
    this.addSql(
      `create table "blackout_dates" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "date" date not null, "reason" varchar(500) null, constraint "blackout_dates_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "blackout_dates" add constraint "blackout_dates_tenant_date_unique" unique ("tenant_id", "date");`);
    this.addSql(
      `create table "agent_proposals" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "status" text check ("status" in ('PENDING', 'APPROVED', 'REJECTED')) not null default 'PENDING', "summary" varchar(500) not null, "rationale" text null, "patch" jsonb not null, "agent_name" varchar(120) null, "agent_model" varchar(120) null, "base_version_id" uuid null, "result_version_id" uuid null, "reviewed_by_id" uuid null, "reviewed_at" timestamptz null, "rejection_reason" text null, constraint "agent_proposals_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "agent_proposals_tenant_status_idx" on "agent_proposals" ("tenant_id", "status");`);
    this.addSql(
      `create table "add_ons" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "package_id" uuid not null, "slug" varchar(80) not null, "name" varchar(200) not null, "description" text not null default '', "price_cents" int not null, "photo_url" varchar(2048) null, "active" boolean not null default true, constraint "add_ons_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "add_ons" add constraint "add_ons_package_slug_unique" unique ("package_id", "slug");`);
    this.addSql(
      `create table "users" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "email" varchar(254) not null, "password_hash" text not null, "role" text check ("role" in ('PLATFORM_ADMIN', 'TENANT_ADMIN')) not null, "tenant_id" uuid null, "is_active" boolean not null default true, "last_login_at" timestamptz null, constraint "users_pkey" primary key ("id"), constraint users_tenant_admin_has_tenant check (role <> 'TENANT_ADMIN' OR tenant_id IS NOT NULL));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);
    this.addSql(
      `create table "webhook_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "provider_event_id" varchar(255) not null, "type" varchar(120) not null, "payload" jsonb not null, "status" text check ("status" in ('PENDING', 'PROCESSED', 'IGNORED', 'FAILED')) not null default 'PENDING', "attempts" int not null default 0, "last_error" text null, "tenant_id" uuid null, "received_at" timestamptz not null, "processed_at" timestamptz null, constraint "webhook_events_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "webhook_events" add constraint "webhook_events_provider_event_id_unique" unique ("provider_event_id");`);
    this.addSql(`create index "webhook_events_status_received_idx" on "webhook_events" ("status", "received_at");`);
    this.addSql(
      `alter table "packages" add constraint "packages_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "idempotency_records" add constraint "idempotency_records_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "email_deliveries" add constraint "email_deliveries_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "customers" add constraint "customers_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "config_versions" add constraint "config_versions_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "config_change_logs" add constraint "config_change_logs_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "checkout_holds" add constraint "checkout_holds_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "calendar_settings" add constraint "calendar_settings_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "calendar_busy_days" add constraint "calendar_busy_days_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "booking_failures" add constraint "booking_failures_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "bookings" add constraint "bookings_customer_id_foreign" foreign key ("customer_id") references "customers" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "blackout_dates" add constraint "blackout_dates_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "agent_proposals" add constraint "agent_proposals_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "add_ons" add constraint "add_ons_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "add_ons" add constraint "add_ons_package_id_foreign" foreign key ("package_id") references "packages" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "users" add constraint "users_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "webhook_events" add constraint "webhook_events_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete set null;`,
    );

    // The audit trail of configuration changes can only grow: UPDATE, DELETE and TRUNCATE are rejected.
    this.addSql(`create function config_change_logs_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'config_change_logs is append-only: % rejected', tg_op using errcode = 'P0001';
end
$$;`);
    this.addSql(
      `create trigger config_change_logs_no_update_or_delete before update or delete on "config_change_logs" for each row execute function config_change_logs_append_only();`,
    );
    this.addSql(
      `create trigger config_change_logs_no_truncate before truncate on "config_change_logs" for each statement execute function config_change_logs_append_only();`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(
      `drop table if exists "webhook_events", "users", "add_ons", "agent_proposals", "blackout_dates", "bookings", "booking_failures", "calendar_busy_days", "calendar_settings", "checkout_holds", "config_change_logs", "config_versions", "customers", "email_deliveries", "idempotency_records", "packages", "tenants" cascade;`,
    );
    this.addSql(`drop function if exists config_change_logs_append_only();`);
  }
}
