/** booking-locks.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const LOCK_SQL = {
  lockOne: `select pg_advisory_xact_lock(hashtextextended(?, 0))`,
  /** A function scan yields the array's elements in order, and each row's lock is taken as its row is produced. */
  lockAllInOrder: (count: number) =>
    `select pg_advisory_xact_lock(hashtextextended(k, 0)) from unnest(array[${Array.from({ length: count }, () => '?').join(', ')}]::text[]) as k`,
} as const;
