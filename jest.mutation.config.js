/**
 * The suite StrykerJS runs for each mutant (npm run test:mutation): the unit and integration specs beside the
 * code (real PostgreSQL and Redis where they need them), without the e2e suites, which boot whole apps and
 * would make a run take hours. Stryker picks the specs related to each mutated file among these.
 */
const base = require('./jest.config');

// MUTATION_SPECS=a.spec.ts,b.spec.ts: only these specs (a quick run over one module, its own specs only; a lower
// bound of the score the related specs give).
const only = process.env.MUTATION_SPECS?.split(',').filter(Boolean);

module.exports = {
  ...base,
  ...(only ? { testRegex: undefined, testMatch: only.map((file) => `<rootDir>/${file}`) } : { testRegex: '(apps|libs)/.*\\.spec\\.ts$' }),
  reporters: ['default'],
};
