// ts-jest for our TypeScript; @swc/jest turns the ESM-only packages in node_modules (NestJS 12) into CJS.
const swcEsmToCjs = ['@swc/jest', { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: false } }];
const shared = {
  testEnvironment: 'node',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }], '^.+\\.m?js$': swcEsmToCjs },
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
