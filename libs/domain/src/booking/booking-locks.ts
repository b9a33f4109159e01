import type { EntityManager } from '@mikro-orm/postgresql';
import { LOCK_SQL } from './booking-locks.queries';

/**
 * Transaction-scoped advisory locks: held until the surrounding transaction commits or rolls back, so
 * they cannot leak. Every write that decides whether a date can be sold (a hold, a booking) takes the
 * tenant-date lock first and re-checks availability under it; that and the partial unique indexes keep
 * a date from being sold twice.
 */
export function lockTenantDate(em: EntityManager, tenantId: string, date: string): Promise<void> {
  return lockInOrder(em, [dateKey(tenantId, date)]);
}

/**
 * Serialises what happens to one payment: its completion and its refund notice may arrive in either
 * order, and must not interleave (see CheckoutCompletionService).
 */
export function lockPayment(em: EntityManager, paymentIntentId: string): Promise<void> {
  return lockInOrder(em, [paymentKey(paymentIntentId)]);
}

/** A completion's two locks, the date's then the payment's (always in that order), in one round trip. */
export function lockTenantDateThenPayment(em: EntityManager, tenantId: string, date: string, paymentIntentId: string | null): Promise<void> {
  return lockInOrder(em, paymentIntentId ? [dateKey(tenantId, date), paymentKey(paymentIntentId)] : [dateKey(tenantId, date)]);
}

/**
 * The locks of several completions at once (PaidCheckoutBatch): every date's, then every payment's, each set in
 * sorted order. Against a single completion (a date, then a payment) and another batch the order is the same
 * everywhere, so none of them can wait on each other in a cycle.
 */
export function lockCompletions(em: EntityManager, completions: readonly { tenantId: string; date: string; paymentIntentId: string | null }[]): Promise<void> {
  const dates = [...new Set(completions.map((c) => dateKey(c.tenantId, c.date)))].sort();
  const payments = [...new Set(completions.flatMap((c) => (c.paymentIntentId ? [paymentKey(c.paymentIntentId)] : [])))].sort();
  return lockInOrder(em, [...dates, ...payments]);
}

const dateKey = (tenantId: string, date: string) => `date:${tenantId}:${date}`;
const paymentKey = (paymentIntentId: string) => `payment:${paymentIntentId}`;

/**
 * Takes the locks one after another in the order given (a fixed order is what keeps two transactions from
 * deadlocking): a function scan returns the array's elements in order, and each row's lock is taken as the row
 * is produced, before the next.
 */
async function lockInOrder(em: EntityManager, keys: readonly string[]): Promise<void> {
  if (keys.length === 1) {
    await em.execute(LOCK_SQL.lockOne, [keys[0]]);
    return;
  }
  await em.execute(LOCK_SQL.lockAllInOrder(keys.length), [...keys]);
}
