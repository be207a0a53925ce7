export * from './queues';
export * from './jobs';
export * from './job-schemas';
export * from './error-codes';
