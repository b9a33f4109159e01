/**
 * Dependency rules for MAIS: one way down (apps → libs → libs/domain), adapters at the edge,
 * libraries reached only through their public surface (`@mais/<lib>` → `libs/<lib>/src/index.ts`).
 * Run by `npm run lint` (`depcruise apps libs --config .dependency-cruiser.cjs`); any `error` fails it.
 *
 * Paths in rules are the *resolved* paths: `@mais/tenancy` resolves (via tsconfig.json `paths`) to
 * `libs/tenancy/src/index.ts`, `stripe` to `node_modules/stripe/...`. `$1`/`$2` in a `to` clause are
 * the groups captured by the rule's `from.path`.
 */

/** Framework adapters and vendor SDKs that must never appear in libs/domain (ports live there, adapters elsewhere). */
const ADAPTER_PACKAGES = [
  'stripe',
  'postmark',
  '@googleapis/[^/]+',
  'googleapis[^/]*',
  'google-auth-library',
  'bullmq',
  '@nestjs/bullmq',
  'ioredis',
  'fastify',
  '@fastify/[^/]+',
  '@nestjs/platform-fastify',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'lib-not-to-app',
      comment: 'A library never imports an app: apps depend on libraries, not the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'app-not-to-other-app',
      comment:
        'Apps are separate deployables; share code through a library, not by importing another app. ' +
        'The one exception is apps/standalone, the composition root of npm start, which runs the API and the ' +
        'worker in one process: it may import their entry modules (app.factory, worker.module), nothing else.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: ['^apps/standalone/', '^apps/[^/]+/test/'] },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'app-tests-to-other-app-entry-or-support',
      comment:
        "An app's e2e suites may boot the other apps the way apps/standalone does (app.factory, worker.module) " +
        "and share their test support (apps/<app>/test/support/), nothing else of them: the worker's suites " +
        "drive the worker through the API's harness.",
      severity: 'error',
      from: { path: '^apps/([^/]+)/test/' },
      to: { path: '^apps/', pathNot: ['^apps/$1/', '^apps/(api/src/app\\.factory|worker/src/worker\\.module)\\.ts$', '^apps/[^/]+/test/support/'] },
    },
    {
      name: 'standalone-only-to-entry-modules',
      comment: 'apps/standalone composes the API and the worker through their entry modules only.',
      severity: 'error',
      from: { path: '^apps/standalone/' },
      to: { path: '^apps/(api|worker)/', pathNot: ['^apps/(api/src/app\\.factory|worker/src/worker\\.module)\\.ts$', '^apps/[^/]+/test/support/'] },
    },
    {
      name: 'domain-not-to-other-lib',
      comment:
        'libs/domain is the bottom of the graph: it imports no other library. Its specs and libs/domain/testing ' +
        '(never built) may: they wire the services to the real database, tenancy, queue and payment adapters.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: ['^libs/domain/testing/', '\\.spec\\.ts$'] },
      to: { path: '^libs/(?!domain/)' },
    },
    {
      name: 'domain-not-to-adapters',
      comment:
        'libs/domain holds ports, not adapters: no Stripe, Postmark, Google, BullMQ, Redis or Fastify code ' +
        '(type-only imports included). Put the adapter in its own library and implement the port there.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      // Resolved packages live under node_modules/; an uninstalled one stays as its bare name.
      to: { path: `(^|node_modules/)(${ADAPTER_PACKAGES.join('|')})(/|$)` },
    },
    {
      name: 'no-deep-import-into-lib',
      comment:
        "Reach another library only through its public surface, `@mais/<lib>` (libs/<lib>/src/index.ts); " +
        'everything else in it is internal. Export what you need from its index.ts instead.',
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-relative-import-across-libs',
      comment: "Import a library by its alias (`@mais/<lib>`), never by a relative path that climbs out of your own project.",
      severity: 'error',
      from: { path: '^(apps|libs)/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$2/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'no-testing-lib-in-production-code',
      comment:
        'Test support is for specs only and not part of the build (tsconfig.build.json excludes it): libs/testing ' +
        "(@mais/testing), a library's own libs/<lib>/testing/ and an app's apps/<app>/test/. Production code never imports it.",
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: ['^libs/testing/', '^libs/[^/]+/testing/', '^apps/[^/]+/test/', '\\.(e2e-)?spec\\.ts$'] },
      to: { path: '^libs/testing/|^libs/[^/]+/testing/|^apps/[^/]+/test/' },
    },
    {
      name: 'no-circular-between-libs',
      comment:
        'No dependency cycle that crosses a library boundary (lib A → lib B → lib A). Cycles inside one ' +
        'library (entity ↔ entity relations) are allowed; a cycle across libraries means a port or a type ' +
        'belongs lower down, usually in libs/domain.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      // The cycle is flagged when not every module in it lies inside the library it starts from.
      to: { circular: true, via: { pathNot: '^libs/$1/' } },
    },
    {
      name: 'no-orphans',
      comment: 'Off: entry points (main.ts, CLI commands, migrations) and specs are legitimately unimported.',
      severity: 'ignore',
      from: { orphan: true },
      to: {},
    },
  ],
  options: {
    // Packages are resolved (so rules can see `node_modules/stripe/...`) but never cruised into.
    doNotFollow: { path: 'node_modules' },
    // `exclude` drops a matching module from the graph entirely, edges to it included. So it is anchored at
    // the repository root: an unanchored `dist/` would also drop `node_modules/bullmq/dist/...` and
    // excluding the root node_modules would hide every package, both blinding domain-not-to-adapters.
    // Only build output, data, and a stray node_modules inside apps/ or libs/ are excluded.
    exclude: { path: '^(dist|coverage|\\.data)/|^(apps|libs)/.*node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
