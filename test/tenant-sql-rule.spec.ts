import { MetadataStorage } from '@mikro-orm/core';
import { RuleTester } from 'eslint';
import { ALL_ENTITIES } from '@mais/database';
import { TENANT_FILTER } from '@mais/domain';

// The rule is plain CommonJS so that ESLint's config and this spec load the same file.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plugin = require('../scripts/eslint/tenant-sql.js') as {
  rules: { 'tenant-sql': import('eslint').Rule.RuleModule; 'raw-sql-location': import('eslint').Rule.RuleModule };
  TENANT_TABLES: string[];
};

describe('mais/tenant-sql and mais/raw-sql-location: raw SQL lives in *.queries.ts files and binds tenant_id or says why not', () => {
  it('knows every @TenantOwned table, and only those', () => {
    const owned = ALL_ENTITIES.map((entity) => MetadataStorage.getMetadataFromDecorator(entity as never))
      .filter((meta) => meta.filters?.[TENANT_FILTER])
      .map((meta) => meta.tableName ?? meta.collection)
      .sort();
    expect(plugin.TENANT_TABLES).toEqual(owned);
  });

  new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } }).run('tenant-sql', plugin.rules['tenant-sql'], {
    valid: [
      { code: "em.execute('select id from bookings where tenant_id = ? and id = ?', [t, id])" },
      { code: 'em.execute(`update "packages" set name = ? where tenant_id = ${x}`)' },
      // Tables that are not tenant-owned, and names that only start like one.
      { code: "em.execute('update webhook_events set status = ? where id = ?')" },
      { code: "em.execute('select * from bookings_archive')" },
      { code: 'em.execute(sql, params)' },
      { code: "client.query('select * from bookings')" },
      { code: "const q = { name: 'one', text: 'select * from packages p where p.tenant_id = $1' }" },
      { code: "const q = { text: 'select * from packages' }" },
      {
        code: `async function purge() {
          // platform-wide: the sweep deletes every tenant's expired records.
          await em.execute('delete from idempotency_records where expires_at <= now()');
        }`,
      },
      { code: "const rows = em.execute(/* platform-wide: a count for metrics */ 'select status, count(*) from bookings group by status')" },
      // In a *.queries.ts file every SQL text is checked where it is written; a reason covers its own property only.
      { filename: 'booking.queries.ts', code: "export const SQL = { one: 'select id from bookings where tenant_id = ? and id = ?' }" },
      {
        filename: 'booking.queries.ts',
        code: `export const SQL = {
          // platform-wide: the sweep's housekeeping.
          purge: 'delete from bookings where expires_at <= now()',
        }`,
      },
      { filename: 'outbox.queries.ts', code: 'export const claim = (where) => `select id from outbox_jobs where ${where} for update skip locked`' },
    ],
    invalid: [
      { code: "em.execute('select * from bookings where id = ?', [id])", errors: [{ messageId: 'unscoped', data: { table: 'bookings' } }] },
      { code: 'this.em.execute(`delete from "customers" where email = ?`)', errors: [{ messageId: 'unscoped', data: { table: 'customers' } }] },
      { code: "em.execute('insert into add_ons (id, name) values (?, ?)')", errors: [{ messageId: 'unscoped', data: { table: 'add_ons' } }] },
      { code: "execute('select status, count(*) from bookings group by status')", errors: [{ messageId: 'unscoped', data: { table: 'bookings' } }] },
      {
        code: "em.execute('select 1 from tenants t join checkout_holds h on h.id = ?')",
        errors: [{ messageId: 'unscoped', data: { table: 'checkout_holds' } }],
      },
      {
        code: "const ACTIVE = { name: 'mais_catalog_v1', text: `select * from packages p where p.id = $1` }",
        errors: [{ messageId: 'unscoped', data: { table: 'packages' } }],
      },
      {
        filename: 'booking.queries.ts',
        code: `export const SQL = {
          // platform-wide: the sweep's housekeeping.
          purge: 'delete from bookings where expires_at <= now()',
          byEmail: 'select id from customers where email = ?',
        }`,
        errors: [{ messageId: 'unscoped', data: { table: 'customers' } }],
      },
      {
        filename: 'outbox.queries.ts',
        code: "export const connected = (t) => ({ sql: 'exists (select 1 from calendar_settings where enabled)', params: [t] })",
        errors: [{ messageId: 'unscoped', data: { table: 'calendar_settings' } }],
      },
      // A comment that names no reason, or one far from the statement, does not count.
      {
        code: `// platform-wide:
          em.execute('select * from bookings')`,
        errors: [{ messageId: 'unscoped' }],
      },
    ],
  });

  new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } }).run('raw-sql-location', plugin.rules['raw-sql-location'], {
    valid: [
      { filename: 'idempotency.queries.ts', code: "export const SQL = { release: 'delete from idempotency_records where id = ? and tenant_id = ?' }" },
      { filename: 'idempotency.service.ts', code: 'em.execute(SQL.release, [id, tenantId])' },
      // Words that only start like SQL: messages, operation ids, a label.
      { filename: 'x.ts', code: "throw new Error('select a date first')" },
      { filename: 'x.ts', code: "const id = 'updateConfigDraft'; run('delete events from', f)" },
    ],
    invalid: [
      { filename: 'idempotency.service.ts', code: "em.execute('delete from idempotency_records where id = ?', [id])", errors: [{ messageId: 'elsewhere' }] },
      { filename: 'x.ts', code: 'const q = `update outbox_jobs set status = ? where id in (${ids})`', errors: [{ messageId: 'elsewhere' }] },
      {
        filename: 'catalog.service.ts',
        code: "const Q = { name: 'q', text: 'select id from packages where tenant_id = $1' }",
        errors: [{ messageId: 'elsewhere' }],
      },
      {
        filename: 'booking-jobs.ts',
        code: "const c = { sql: 'exists (select 1 from calendar_settings where tenant_id = ?)' }",
        errors: [{ messageId: 'elsewhere' }],
      },
      { filename: 'version-store.ts', code: "em.execute('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key])", errors: [{ messageId: 'elsewhere' }] },
    ],
  });
});
