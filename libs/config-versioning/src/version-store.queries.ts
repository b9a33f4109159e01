/** version-store.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const VERSION_STORE_SQL = {
  lockTenantConfig: 'select pg_advisory_xact_lock(hashtextextended(?, 0))',
  createVersion: 'select coalesce(max("version"), 0) + 1 as "next" from "config_versions" where "tenant_id" = ?',
} as const;
