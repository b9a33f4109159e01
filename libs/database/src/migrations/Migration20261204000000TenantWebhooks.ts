import { Migration } from '@mikro-orm/migrations';

/** Tenant events (recorded with the change that causes them) and their delivery to the tenant's webhook endpoints. */
export class Migration20261204000000TenantWebhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "tenant_events" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "type" varchar(64) not null, "data" jsonb not null, constraint "tenant_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "tenant_events_created_idx" on "tenant_events" ("created_at");`);
    this.addSql(
      `create table "webhook_endpoints" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "url" varchar(2048) not null, "description" varchar(500) null, "events" jsonb not null, "enabled" boolean not null default true, "secret_ciphertext" text not null, "previous_secret_ciphertext" text null, "previous_secret_expires_at" timestamptz null, "failing_since" timestamptz null, "last_success_at" timestamptz null, "disabled_at" timestamptz null, "disabled_reason" varchar(500) null, constraint "webhook_endpoints_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_endpoints_tenant_created_idx" on "webhook_endpoints" ("tenant_id", "created_at");`);
    this.addSql(
      `create table "webhook_deliveries" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "endpoint_id" uuid not null, "event_id" uuid not null, "manual" boolean not null default false, "status" text check ("status" in ('PENDING', 'SUCCEEDED', 'FAILED')) not null default 'PENDING', "attempts" int not null default 0, "last_attempt_at" timestamptz null, "succeeded_at" timestamptz null, constraint "webhook_deliveries_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_deliveries_endpoint_created_idx" on "webhook_deliveries" ("endpoint_id", "created_at");`);
    this.addSql(`create unique index "webhook_deliveries_endpoint_event_unique" on "webhook_deliveries" ("endpoint_id", "event_id") where "manual" = false;`);
    this.addSql(
      `create table "webhook_delivery_attempts" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "tenant_id" uuid not null, "delivery_id" uuid not null, "attempt" int not null, "status_code" int null, "latency_ms" int not null, "response_snippet" text null, "error" varchar(1000) null, constraint "webhook_delivery_attempts_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_delivery_attempts_delivery_idx" on "webhook_delivery_attempts" ("delivery_id", "created_at");`);
    this.addSql(
      `alter table "tenant_events" add constraint "tenant_events_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_endpoints" add constraint "webhook_endpoints_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_endpoint_id_foreign" foreign key ("endpoint_id") references "webhook_endpoints" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_deliveries" add constraint "webhook_deliveries_event_id_foreign" foreign key ("event_id") references "tenant_events" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery_attempts" add constraint "webhook_delivery_attempts_tenant_id_foreign" foreign key ("tenant_id") references "tenants" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "webhook_delivery_attempts" add constraint "webhook_delivery_attempts_delivery_id_foreign" foreign key ("delivery_id") references "webhook_deliveries" ("id") on update cascade on delete cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_delivery_attempts" cascade;`);
    this.addSql(`drop table if exists "webhook_deliveries" cascade;`);
    this.addSql(`drop table if exists "webhook_endpoints" cascade;`);
    this.addSql(`drop table if exists "tenant_events" cascade;`);
  }
}
