import type { Split } from '../../money';
import type { FactReader } from '../facts';

/** One rule as applied: its stable code, whether it held, and the numbers it used. */
export interface TraceEntry {
  rule: string;
  passed: boolean;
  detail: string;
}

/**
 * What a calculator found. A failed entry in `trace` is a reason to refuse — and only that: rules that
 * shape the amount (caps, a bonus that does not apply) are recorded as passed, with the reason in the
 * detail, so the failed entries are exactly the list the refusal notice (一次性告知) gives.
 */
export interface CalculatorOutcome {
  trace: TraceEntry[];
  /** The amount if eligible (calculate() sets it to 0 on refusal). */
  amountFen: number;
  split: Split;
}

export interface CalculationContext {
  /** The application year (fiscal year of the expense or recognition). */
  year: number;
}

export interface Calculator<P> {
  /** The facts these params need, given what was sent (some are needed only in some cases). */
  requiredFacts(params: P, facts: FactReader): string[];
  run(params: P, facts: FactReader, context: CalculationContext): CalculatorOutcome;
}

export function rule(rule: string, passed: boolean, detail: string): TraceEntry {
  return { rule, passed, detail };
}

/** 300 → "3%", 50 → "0.5%". */
export function formatRate(rateBp: number): string {
  const whole = Math.floor(rateBp / 100);
  const frac = (rateBp % 100).toString().padStart(2, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}
