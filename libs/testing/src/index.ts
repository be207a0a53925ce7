export * from './factories';
export * from './test-database';
export * from './test-system';
export * from './wait';
export * from './tasks';
export * from './workflow-process';
export * from './invariants';
