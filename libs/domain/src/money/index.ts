export * from './money';
export * from './split';
export * from './pro-rata';
