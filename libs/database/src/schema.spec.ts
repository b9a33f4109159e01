import { MikroORM } from '@mikro-orm/postgresql';
import { Package, TenantScopeMissingError } from '@mais/domain';
import { createTestDatabase } from '@mais/testing';
import { createOrmConfig } from './orm.config';
import { pendingSchemaChanges } from './migrate';

describe('the database schema', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await MikroORM.init(createOrmConfig({ clientUrl: await createTestDatabase(), poolMax: 2 }));
  });
  afterAll(() => orm?.close(true));

  it('matches the entities once the committed migrations are applied', async () => {
    expect(await pendingSchemaChanges(orm)).toBe('');
  });

  it('refuses a tenant-owned query with no tenant in scope', async () => {
    const em = orm.em.fork();
    await expect(em.find(Package, {})).rejects.toThrow(TenantScopeMissingError);
    await expect(em.findOne(Package, { slug: 'classic' })).rejects.toThrow(TenantScopeMissingError);
    await expect(em.count(Package, {})).rejects.toThrow(TenantScopeMissingError);
  });

  it('keeps the configuration change log append-only, even for raw SQL', async () => {
    const conn = orm.em.getConnection();
    const [{ id: tenantId }] = await conn.execute(
      `insert into tenants (id, created_at, updated_at, name, slug, public_key, secret_key_hash, secret_key_ciphertext, commission_percent)
       values (gen_random_uuid(), now(), now(), 'T', 't-log', 'pk', 'h', 'c', 10) returning id`,
    );
    await conn.execute(
      `insert into config_change_logs (id, created_at, updated_at, tenant_id, action, actor_type) values (gen_random_uuid(), now(), now(), ?, 'PUBLISH', 'USER')`,
      [tenantId],
    );
    await expect(conn.execute(`update config_change_logs set action = 'X'`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`delete from config_change_logs`)).rejects.toThrow(/append-only/);
    await expect(conn.execute(`truncate config_change_logs`)).rejects.toThrow(/append-only/);
  });

  it('allows one live booking per tenant and date, and frees the date when cancelled', async () => {
    const conn = orm.em.getConnection();
    const [{ id: tenantId }] = await conn.execute(
      `insert into tenants (id, created_at, updated_at, name, slug, public_key, secret_key_hash, secret_key_ciphertext, commission_percent)
       values (gen_random_uuid(), now(), now(), 'T', 't-book', 'pk2', 'h2', 'c', 10) returning id`,
    );
    const [{ id: customerId }] = await conn.execute(
      `insert into customers (id, created_at, updated_at, tenant_id, email, name) values (gen_random_uuid(), now(), now(), ?, 'a@b.co', 'A') returning id`,
      [tenantId],
    );
    const insert = (session: string, status = 'PAID') =>
      conn.execute(
        `insert into bookings (id, created_at, updated_at, tenant_id, event_date, status, customer_id, line_items, total_cents, commission_cents, commission_percent, currency, checkout_session_id)
         values (gen_random_uuid(), now(), now(), ?, '2027-06-12', ?, ?, '[]', 100, 13, 12.5, 'usd', ?)`,
        [tenantId, status, customerId, session],
      );
    await insert('cs_1');
    await expect(insert('cs_2')).rejects.toThrow(/bookings_tenant_date_live_unique/);
    await conn.execute(`update bookings set status = 'CANCELLED' where checkout_session_id = 'cs_1'`);
    await expect(insert('cs_3')).resolves.toBeDefined();
  });
});
