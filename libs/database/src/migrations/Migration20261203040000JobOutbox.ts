import { Migration } from '@mikro-orm/migrations';

/** The transactional outbox: jobs recorded in the transaction of the write that implies them (ADR 0014). */
export class Migration20261203040000JobOutbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "outbox_jobs" ("id" uuid not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, "job_id" varchar(255) not null, "name" varchar(64) not null, "payload" jsonb not null, "status" text check ("status" in ('PENDING', 'SENT')) not null default 'PENDING', "attempts" int not null default 0, "last_error" text null, "sent_at" timestamptz null, constraint "outbox_jobs_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "outbox_jobs" add constraint "outbox_jobs_job_id_unique" unique ("job_id");`);
    this.addSql(`create index "outbox_jobs_status_created_idx" on "outbox_jobs" ("status", "created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox_jobs" cascade;`);
  }
}
