export * from './queues';
export * from './jobs';
export * from './job-schemas';
