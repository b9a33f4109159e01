import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Transaction-scoped advisory locks: held until the surrounding transaction commits or rolls back, so
 * they cannot leak. Every write that decides whether a date can be sold (a hold, a booking) takes the
 * tenant-date lock first and re-checks availability under it; that and the partial unique indexes keep
 * a date from being sold twice.
 */
export async function lockTenantDate(em: EntityManager, tenantId: string, date: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`date:${tenantId}:${date}`]);
}

/**
 * Serialises what happens to one payment: its completion and its refund notice may arrive in either
 * order, and must not interleave (see CheckoutCompletionService).
 */
export async function lockPayment(em: EntityManager, paymentIntentId: string): Promise<void> {
  await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`payment:${paymentIntentId}`]);
}
