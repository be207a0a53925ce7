export * from './program-version';
export * from './facts';
export * from './region';
export * from './calculate';
export * from './select-version';
export * from './parse-program-version';
export * from './data';
export type { TraceEntry, CalculatorOutcome, CalculationContext } from './calculators/outcome';
export { bandedAmount } from './calculators/rd-banded';
