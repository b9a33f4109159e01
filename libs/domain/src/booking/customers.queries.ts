/** customers.ts's statements (raw SQL is not tenant-filtered: each binds tenant_id or says why not). */
export const CUSTOMERS_SQL = {
  /**
   * `?::jsonb`: an array of `{ id, tenant_id, email, name, phone }`, at most one per tenant and email (a row may not be
   * updated twice in one statement). The latest checkout's name wins, and its phone unless it gave none.
   */
  upsert: `insert into customers (id, created_at, updated_at, tenant_id, email, name, phone)
       select c.id, now(), now(), c.tenant_id, c.email, c.name, c.phone
         from jsonb_to_recordset(?::jsonb) as c(id uuid, tenant_id uuid, email text, name text, phone text)
       on conflict (tenant_id, email) do update set name = excluded.name, phone = coalesce(excluded.phone, customers.phone), updated_at = now()
       returning id, tenant_id, email`,
} as const;
