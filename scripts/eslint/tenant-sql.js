// ESLint rule `mais/tenant-sql`: raw SQL that reads or writes a tenant-owned table must bind `tenant_id`, or say
// why it spans tenants with a `// platform-wide: <why>` comment on (or just above) the statement that holds it. Raw
// SQL here is the text passed to `execute` (MikroORM) and the `text` of a `{ name, text }` prepared statement (pg).
// The tenant filter (ADR 0004) scopes every ORM read, but not raw SQL (`em.execute`): this is its guard there.
// It reads the SQL text written at the call (a string or a template literal); SQL assembled elsewhere is out of
// its reach, so keep statements literal at the call; and a statement that mentions tenant_id is taken to bind it
// (a review still reads the where clause). The table list is checked against the @TenantOwned entities by
// test/tenant-sql-rule.spec.ts.

/** Every table whose entity is @TenantOwned (each row belongs to one tenant). */
const TENANT_TABLES = [
  'add_ons',
  'agent_proposals',
  'blackout_dates',
  'booking_failures',
  'bookings',
  'calendar_busy_days',
  'calendar_settings',
  'checkout_holds',
  'config_change_logs',
  'config_versions',
  'customers',
  'email_deliveries',
  'idempotency_records',
  'packages',
  'tenant_events',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhook_endpoints',
];

const TABLE_USE = new RegExp(`\\b(?:from|join|update|into)\\s+"?(${TENANT_TABLES.join('|')})"?(?![\\w"])`, 'gi');
const MARKER = /platform-wide:\s*\S/;

/** The tenant tables a statement names after from / join / update / into. */
function tenantTablesIn(sql) {
  return [...new Set([...sql.matchAll(TABLE_USE)].map((match) => match[1].toLowerCase()))];
}

function sqlTextOf(node) {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral') return node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join(' ? ');
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const tenantSqlRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Raw SQL on a tenant-owned table binds tenant_id, or is marked platform-wide with a reason' },
    messages: {
      unscoped: 'Raw SQL on the tenant table "{{table}}" does not bind tenant_id: scope it to the tenant, or mark the statement `// platform-wide: <why>`.',
    },
    schema: [],
  },
  create(context) {
    const source = context.sourceCode;
    /** Reports `sqlNode` when its text uses a tenant table without tenant_id and nothing around `node` says why. */
    const check = (node, sqlNode) => {
      const sql = sqlTextOf(sqlNode);
      if (sql === null) return;
      const tables = tenantTablesIn(sql);
      if (tables.length === 0 || /\btenant_id\b/i.test(sql)) return;
      const statement = source.getAncestors(node).findLast((ancestor) => /Statement$|Declaration$/.test(ancestor.type)) ?? node;
      const comments = [
        ...source.getCommentsBefore(statement),
        ...source.getAllComments().filter((comment) => comment.range[0] >= statement.range[0] && comment.range[1] <= node.range[1]),
      ];
      if (comments.some((comment) => MARKER.test(comment.value))) return;
      context.report({ node: sqlNode, messageId: 'unscoped', data: { table: tables[0] } });
    };
    return {
      // em.execute(sql, params): MikroORM's raw statements (and a local helper called `execute`).
      CallExpression(node) {
        const callee = node.callee;
        const name =
          callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
            ? callee.property.name
            : callee.type === 'Identifier'
              ? callee.name
              : null;
        if (name === 'execute') check(node, node.arguments[0]);
      },
      // { name, text }: node-postgres prepared statements (the hot reads).
      ObjectExpression(node) {
        const key = (property) => property.type === 'Property' && (property.key.name ?? property.key.value);
        const text = node.properties.find((property) => key(property) === 'text');
        if (text && node.properties.some((property) => key(property) === 'name')) check(node, text.value);
      },
    };
  },
};

module.exports = { rules: { 'tenant-sql': tenantSqlRule }, TENANT_TABLES, tenantTablesIn };
