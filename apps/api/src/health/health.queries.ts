/** health.controller.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const HEALTH_SQL = {
  ready: 'select 1',
} as const;
