export * from './case-status';
export * from './domain-error';
export * from './state-machine';
export * from './clock-effects';
export * from './case-event';
export * from './system-reasons';
