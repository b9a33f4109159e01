// ESLint rules for raw SQL (ADR 0004, ADR 0022).
// `mais/tenant-sql`: raw SQL that reads or writes a tenant-owned table must bind `tenant_id`, or say why it spans
// tenants with a `// platform-wide: <why>` comment on (or just above) the statement or property that holds it. Raw
// SQL here is the text passed to `execute` (MikroORM), the `text` of a `{ name, text }` prepared statement (pg), and
// every SQL text written in a `*.queries.ts` file.
// `mais/raw-sql-location`: SQL text is written only in `*.queries.ts` files, next to the code that runs it, so a
// reader finds every statement of a library in one kind of file and the first rule sees all of them.
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
/** The start of a statement (or of a condition spliced into one) as this codebase writes them: lowercase keywords. */
const SQL_START =
  /^\s*(?:select\s[\s\S]*\bfrom\s|insert\s+into\s|update\s+"?\w+"?\s+set\s|delete\s+from\s|with\s+\w+\s+as\s*\(|exists\s*\(\s*select\s|select\s+(?:1|pg_\w+\())/;
const isQueriesFile = (filename) => /\.queries\.ts$/.test(filename);

/** Whether a string or template literal holds SQL text. */
function looksLikeSql(node) {
  const text = sqlTextOf(node);
  return text !== null && SQL_START.test(text);
}

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
      // The innermost property or statement that holds the SQL: its comments (and only its own) may say why.
      const statement = source.getAncestors(node).findLast((ancestor) => ancestor.type === 'Property' || /Statement$|Declaration$/.test(ancestor.type)) ?? node;
      const comments = [
        ...source.getCommentsBefore(statement),
        ...source.getAllComments().filter((comment) => comment.range[0] >= statement.range[0] && comment.range[1] <= node.range[1]),
      ];
      if (comments.some((comment) => MARKER.test(comment.value))) return;
      context.report({ node: sqlNode, messageId: 'unscoped', data: { table: tables[0] } });
    };
    const inQueriesFile = isQueriesFile(context.filename);
    // In a *.queries.ts file every SQL text is checked where it is written.
    const checkLiteral = (node) => {
      if (inQueriesFile && node.parent?.type !== 'TemplateLiteral' && looksLikeSql(node)) check(node, node);
    };
    return {
      Literal: checkLiteral,
      TemplateLiteral: checkLiteral,
      // em.execute(sql, params): MikroORM's raw statements (and a local helper called `execute`).
      CallExpression(node) {
        const callee = node.callee;
        const name =
          callee.type === 'MemberExpression' && callee.property.type === 'Identifier'
            ? callee.property.name
            : callee.type === 'Identifier'
              ? callee.name
              : null;
        if (name === 'execute' && !inQueriesFile) check(node, node.arguments[0]);
      },
      // { name, text }: node-postgres prepared statements (the hot reads).
      ObjectExpression(node) {
        const key = (property) => property.type === 'Property' && (property.key.name ?? property.key.value);
        const text = node.properties.find((property) => key(property) === 'text');
        if (text && !inQueriesFile && node.properties.some((property) => key(property) === 'name')) check(node, text.value);
      },
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const rawSqlLocationRule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'SQL text is written in *.queries.ts files only' },
    messages: { elsewhere: 'SQL text belongs in a *.queries.ts file next to this one (export it from there and run it here).' },
    schema: [],
  },
  create(context) {
    if (isQueriesFile(context.filename)) return {};
    const report = (node) => {
      if (node.parent?.type !== 'TemplateLiteral' && looksLikeSql(node)) context.report({ node, messageId: 'elsewhere' });
    };
    return { Literal: report, TemplateLiteral: report };
  },
};

module.exports = { rules: { 'tenant-sql': tenantSqlRule, 'raw-sql-location': rawSqlLocationRule }, TENANT_TABLES, tenantTablesIn };
