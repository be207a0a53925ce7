export * from './calendar';
export * from './clock';
export * from './money';
export * from './programs';
export * from './workflow';
export * from './uscc';
export * from './regions';
export * from './messages';
