export * from './money';
export * from './split';
