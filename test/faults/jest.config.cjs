// `npm run test:faults`: the fault scenarios of RELIABILITY.md against the suite's own PostgreSQL and Redis.
const base = require('../../jest.config.cjs');
const e2e = base.projects.find((p) => p.displayName === 'e2e');
module.exports = {
  ...e2e,
  rootDir: require('node:path').resolve(__dirname, '../..'),
  displayName: 'faults',
  testMatch: ['<rootDir>/test/faults/**/*.fault-spec.ts'],
  globalSetup: '<rootDir>/test/faults/global-setup.ts',
  globalTeardown: '<rootDir>/test/faults/global-teardown.ts',
  // Each scenario has its own hard bound (its `it` timeout, `scenario(name, boundMs)`); hooks get this one.
  testTimeout: 120_000,
  forceExit: true,
};
