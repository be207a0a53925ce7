import { nonZeroParts, Split, sumSplit } from '../money';
import { DomainError, FieldError } from '../workflow/domain-error';
import { highTechRewardCalculator } from './calculators/high-tech-reward';
import { innovationVoucherCalculator } from './calculators/innovation-voucher';
import { CalculatorOutcome, CalculationContext, rule, TraceEntry } from './calculators/outcome';
import { rdBandedCalculator } from './calculators/rd-banded';
import { rdIncrementCalculator } from './calculators/rd-increment';
import { checkFacts, FactReader, isFactsObject, RawFacts } from './facts';
import { appliesToYear, CalculatorSpec, isProgramCode, PROGRAM_CODES, ProgramCode, ProgramVersion } from './program-version';

export interface CalculationResult {
  eligible: boolean;
  /** 0 when refused. */
  amountFen: number;
  /** Only the parties paying a non-zero part; empty when refused. */
  split: Split;
  /** The label of the version that judged the case. */
  version: string;
  trace: TraceEntry[];
}

function requiredFacts(spec: CalculatorSpec, facts: FactReader): string[] {
  switch (spec.kind) {
    case 'innovation-voucher':
      return innovationVoucherCalculator.requiredFacts(spec.params, facts);
    case 'rd-banded':
      return rdBandedCalculator.requiredFacts(spec.params, facts);
    case 'rd-increment':
      return rdIncrementCalculator.requiredFacts(spec.params, facts);
    case 'high-tech-reward':
      return highTechRewardCalculator.requiredFacts(spec.params, facts);
  }
}

function runCalculator(spec: CalculatorSpec, facts: FactReader, context: CalculationContext): CalculatorOutcome {
  switch (spec.kind) {
    case 'innovation-voucher':
      return innovationVoucherCalculator.run(spec.params, facts, context);
    case 'rd-banded':
      return rdBandedCalculator.run(spec.params, facts, context);
    case 'rd-increment':
      return rdIncrementCalculator.run(spec.params, facts, context);
    case 'high-tech-reward':
      return highTechRewardCalculator.run(spec.params, facts, context);
  }
}

/**
 * Every problem with the facts, each naming its field ('facts.rdExpenseFen'): wrong type, negative, bad
 * date, and — for a version — every fact it needs that is missing. With only a program code, the types are
 * checked and nothing is required (the version decides that). The HTTP layer turns these into a 400.
 */
export function validateFacts(versionOrProgram: ProgramVersion | ProgramCode, facts: unknown): FieldError[] {
  if (typeof versionOrProgram === 'string') {
    if (!isProgramCode(versionOrProgram)) {
      return [{ field: 'program', message: `unknown program '${versionOrProgram}' (expected ${PROGRAM_CODES.join(', ')})` }];
    }
    return checkFacts(versionOrProgram, facts);
  }
  if (!isFactsObject(facts)) return [{ field: 'facts', message: 'must be an object' }];
  const required = requiredFacts(versionOrProgram.calculator, new FactReader(facts));
  return checkFacts(versionOrProgram.program, facts, required);
}

/**
 * Judges one application by one version. A refusal lists every failed rule (一次性告知); the trace also
 * keeps the rules that held and the numbers used. Throws a validation DomainError for bad facts or a year
 * the version does not cover.
 */
export function calculate(version: ProgramVersion, facts: unknown, year: number): CalculationResult {
  checkYear(version, year);
  const errors = validateFacts(version, facts);
  if (errors.length > 0) throw DomainError.invalid(errors);
  return judge(version, facts as RawFacts, year);
}

/**
 * `calculate` for a caller that has just run `validateFacts(version, facts)` and found nothing wrong (the 免申即享
 * import: it names each bad row's fields itself, so it validates every row first, and validating each row twice
 * was work for nothing). Same result as `calculate` for the same facts and year.
 */
export function calculateValidated(version: ProgramVersion, facts: RawFacts, year: number): CalculationResult {
  checkYear(version, year);
  return judge(version, facts, year);
}

function checkYear(version: ProgramVersion, year: number): void {
  if (!Number.isSafeInteger(year)) {
    throw DomainError.invalid([{ field: 'year', message: `must be an integer year, got ${JSON.stringify(year)}` }]);
  }
  if (!appliesToYear(version, year)) {
    throw DomainError.invalid([
      { field: 'year', message: `version ${version.version} of ${version.program} does not cover ${year}` },
    ]);
  }
}

function judge(version: ProgramVersion, facts: RawFacts, year: number): CalculationResult {
  const outcome = runCalculator(version.calculator, new FactReader(facts), { year });
  const trace = [...outcome.trace];
  const rulesHold = trace.every((entry) => entry.passed);
  if (rulesHold && outcome.amountFen <= 0) trace.push(rule('amount-positive', false, 'the rules give nothing to pay'));
  const eligible = rulesHold && outcome.amountFen > 0;
  if (eligible && sumSplit(outcome.split) !== outcome.amountFen) {
    throw new Error(`calculator ${version.calculator.kind} split ${sumSplit(outcome.split)} ≠ amount ${outcome.amountFen}`);
  }
  return {
    eligible,
    amountFen: eligible ? outcome.amountFen : 0,
    split: eligible ? nonZeroParts(outcome.split) : {},
    version: version.version,
    trace,
  };
}

/**
 * The calculator contract's answer (CLI and HTTP alike): keys in the contract's order, and trace entries with
 * exactly rule, passed and detail.
 */
export function calculatorAnswer(result: CalculationResult): CalculationResult {
  return {
    eligible: result.eligible,
    amountFen: result.amountFen,
    split: result.split,
    version: result.version,
    trace: result.trace.map(({ rule, passed, detail }) => ({ rule, passed, detail })),
  };
}
