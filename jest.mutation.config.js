/**
 * The suite StrykerJS runs for each mutant (npm run test:mutation): the unit and integration specs beside the
 * code (real PostgreSQL and Redis where they need them), without the e2e suites, which boot whole apps and
 * would make a run take hours. Stryker picks the specs related to each mutated file among these.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: '(apps|libs)/.*\\.spec\\.ts$',
  reporters: ['default'],
};
