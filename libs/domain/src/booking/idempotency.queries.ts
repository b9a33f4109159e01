/** idempotency.service.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const IDEMPOTENCY_SQL = {
  forgetExpiredKey: `delete from idempotency_records where tenant_id = ? and scope = ? and key = ? and expires_at <= now()`,
  claimKey: `insert into idempotency_records (id, created_at, updated_at, tenant_id, scope, key, request_hash, expires_at)
         values (?, now(), now(), ?, ?, ?, ?, now() + make_interval(hours => ?))
         on conflict (tenant_id, scope, key) do nothing returning id`,
  readRecord: `select id, request_hash, response_status, response_body,
                updated_at < now() - make_interval(secs => ?) as abandoned
           from idempotency_records where tenant_id = ? and scope = ? and key = ?`,
  takeAbandoned: `update idempotency_records set updated_at = now() where id = ? and tenant_id = ? and response_status is null
             and updated_at < now() - make_interval(secs => ?) returning id`,
  storeResponse: `update idempotency_records set response_status = ?, response_body = ?::jsonb, updated_at = now() where id = ? and tenant_id = ?`,
  release: `delete from idempotency_records where id = ? and tenant_id = ? and response_status is null`,
  // platform-wide: the sweep's housekeeping, for every tenant's expired records.
  purgeExpired: `delete from idempotency_records where id in (select id from idempotency_records where expires_at <= now() limit ?) returning id`,
} as const;
