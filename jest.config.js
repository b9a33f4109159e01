/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

const libs = ['domain', 'database', 'tenancy', 'payments', 'config-versioning', 'jobs', 'notifications', 'calendar', 'cache', 'testing', 'settings', 'runtime', 'tenant-webhooks'];

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '(apps|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  // Stryker's sandboxes (a copy of the repository) live in .stryker-tmp while a mutation run is going on.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.stryker-tmp/'],
  moduleNameMapper: Object.fromEntries(libs.map((lib) => [`^@mais/${lib}$`, `<rootDir>/libs/${lib}/src`])),
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 30000,
  maxWorkers: 2,
};
