// @swc/jest compiles our TypeScript (transpile only: `npm run typecheck` checks the types once, in CI, instead of
// ts-jest type-checking the whole program for each of ~90 test files, which was most of the suite's CPU time), with
// the legacy decorators and their metadata Nest's injection and TypeORM's entities read, like tsc does. It also turns
// the ESM-only packages in node_modules (NestJS 12) into CJS.
const swcTs = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, target: 'es2022',
  transform: { legacyDecorator: true, decoratorMetadata: true } }, module: { type: 'commonjs' }, sourceMaps: 'inline' }];
const swcEsmToCjs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: false } }];
const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swcTs, '^.+\\.m?js$': swcEsmToCjs },
  // nested paths need BOTH forms, e.g. light-my-request/node_modules/cookie AND cookie
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|file-type|@bull-board|light-my-request/node_modules/cookie|cookie|@scure|@noble|@otplib)/)'],
  moduleNameMapper: { '^@app/(domain|contracts|persistence|queue|alarms|auth|config|runtime|testing)(|/.*)$': '<rootDir>/libs/$1/src$2' },
};
module.exports = {
  testTimeout: 120_000,
  // A test system's sockets (pg pool, ioredis) can outlive afterAll by a tick; never let CI hang on them.
  forceExit: true,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testTimeout: 60_000, testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testTimeout: 120_000, testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testTimeout: 300_000, testMatch: ['<rootDir>/test/browser/**/*.e2e-spec.ts'] },
  ],
};
