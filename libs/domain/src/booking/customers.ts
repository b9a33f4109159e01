import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { CustomerDetails } from './line-item';
import { CUSTOMERS_SQL } from './customers.queries';

/**
 * One customer per tenant and (lower-cased) email, made or updated in one statement for every row given, in the
 * caller's transaction; returns each row's customer id, in order. Rows naming the same customer twice share one
 * id, and the last one's details win. Each row names its tenant: the completion's own tenant, or in a batch the
 * tenant each verified payment belongs to.
 */
export async function upsertCustomers(em: EntityManager, rows: readonly { tenantId: string; customer: CustomerDetails }[]): Promise<string[]> {
  const keyOf = (tenantId: string, email: string) => `${tenantId} ${email.toLowerCase()}`;
  const unique = new Map<string, { id: string; tenant_id: string; email: string; name: string; phone: string | null }>();
  for (const { tenantId, customer } of rows) {
    const email = customer.email.toLowerCase();
    unique.set(keyOf(tenantId, email), { id: randomUUID(), tenant_id: tenantId, email, name: customer.name, phone: customer.phone });
  }
  const saved: { id: string; tenant_id: string; email: string }[] = await em.execute(CUSTOMERS_SQL.upsert, [JSON.stringify([...unique.values()])]);
  const ids = new Map(saved.map((row) => [keyOf(row.tenant_id, row.email), row.id]));
  return rows.map(({ tenantId, customer }) => ids.get(keyOf(tenantId, customer.email))!);
}
