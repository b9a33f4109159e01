// Mutation testing of the core rules: `npm run test:mutation` (minutes to hours on two cores; not part of
// `npm test`). Scores, how to read them and what was left are in docs/testing/mutation.md.
//
// Equivalent mutants (no test can kill them; each was checked by hand):
// - calendar-date.ts, isCalendarDate: dropping the month comparison alone, or the day comparison alone. A day
//   past the month's end moves both month and day; a month 00 or 13 moves the year; so each remaining pair of
//   comparisons still refuses every impossible date.
// - calendar-date.ts, todayIn: `if (!format)` → `if (true)` builds a new formatter every call: slower, same day.
// - money.ts, normalisePercentNumber: `> 1e-9` → `>= 1e-9`. A number with two decimals differs from its toFixed(2)
//   by far less than 1e-9 and one with more by far more: nothing lands on exactly 1e-9.
// - money.ts, formatMoney: `toUpperCase()` → `toLowerCase()`. Intl.NumberFormat reads currency codes in either case.
// - money.ts, moneyFormat: `if (!format)` → `if (true)`. The cache of formats only saves time: building the format
//   again each call gives the same text.
// - config-patch.ts: `operation.path !== operation.from` dropped from the move-into-a-child check (a path equal to
//   `from` never starts with `from + '/'`); applyOperation's mutateDocument and banPrototypeModifications flags
//   (the result is read from newDocument, and __proto__/constructor/prototype are refused before); `error instanceof
//   JsonPatchError` → true, and `typeof op === 'string'` dropped before a Set lookup (a Set of strings has no number).
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  // The unit and integration specs beside the code (jest.mutation.config.js), and of those only the ones that
  // import the mutated file.
  // With MUTATION_SPECS (see jest.mutation.config.js), exactly those specs: a quick run over one module.
  jest: { projectType: 'custom', configFile: 'jest.mutation.config.js', enableFindRelatedTests: !process.env.MUTATION_SPECS },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  timeoutMS: 20_000,
  mutate: [
    // The list…
    'libs/domain/src/booking/checkout-pricing.ts',
    'libs/domain/src/booking/canonical-json.ts',
    'libs/calendar/src/busy-days.ts',
    'libs/config-versioning/src/document/display.ts',
    'libs/tenancy/src/tenant-keys.ts',
    'libs/domain/src/booking/availability.ts',
    'libs/domain/src/common/money.ts',
    'libs/config-versioning/src/document/config-patch.ts',
    'libs/domain/src/common/calendar-date.ts',
    'libs/payments/src/stripe-signature.ts',
    // …and where a mistake costs money or isolation: paying the wrong price, reading a webhook event, its job id.
    'libs/domain/src/booking/payment-mismatch.ts',
    'libs/payments/src/stripe-notice.ts',
    'libs/domain/src/webhooks/webhook-job-id.ts',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
