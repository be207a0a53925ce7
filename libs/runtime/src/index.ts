export * from './boot';
export * from './infrastructure';
export * from './probe';
export * from './root.module';
export * from './seed';
export * from './startup-error';
export * from './heartbeat';
export * from './heartbeat-file';
