// ESLint (typescript-eslint, type-aware) for apps/, libs/ and web/: the rules that catch real mistakes
// (floating promises, unsafe any, misused promises); formatting is Prettier's (eslint-config-prettier turns the
// overlapping stylistic rules off). Run by `npm run lint`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';
import mais from './scripts/eslint/tenant-sql.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.stryker-tmp/**', 'reports/**', 'clients/agent/schema.d.ts', '**/*.mjs', '**/*.cjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'examples/**/*.ts', 'clients/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: { parserOptions: { project: './web/tsconfig.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // A variable a closure reads before its one assignment (a server's handler, then the server) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Raw SQL lives in *.queries.ts files, and on a tenant table binds tenant_id or says why it spans tenants
    // (scripts/eslint/tenant-sql.js).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**', 'libs/testing/**', 'libs/database/src/migrations/**'],
    plugins: { mais },
    rules: { 'mais/tenant-sql': 'error', 'mais/raw-sql-location': 'error' },
  },
  {
    // Tests read HTTP answers as untyped JSON (light-my-request's json(), fetch's json()) and assert on them with
    // toEqual/toMatchObject: the no-unsafe-* rules flag every such read without catching a mistake there.
    // Everything else (floating promises, misused promises, unused code) applies to tests too.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', 'libs/testing/**/*.ts', 'libs/*/testing/**/*.ts'],
    rules: {
      // The same stance for the aliases tests give that JSON (`type Json = Record<string, any>`).
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  prettier,
);
