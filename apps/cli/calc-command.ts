import {
  BUILTIN_PROGRAM_VERSIONS,
  calculate,
  calculatorAnswer,
  DomainError,
  isProgramCode,
  PROGRAM_CODES,
  ProgramVersion,
  selectVersion,
  validateFacts,
} from '@app/domain';
import { CliInputError, JsonObject } from './cli-input';

/**
 * `calc`: {"program","year","facts"} → the calculator's verdict, keys in the contract's order:
 * {"eligible","amountFen","split","version","trace"}.
 */
export function runCalc(input: JsonObject, versions: readonly ProgramVersion[] = BUILTIN_PROGRAM_VERSIONS): unknown {
  const { program, year, facts } = input;
  if (program === undefined || program === null) throw CliInputError.of('program', 'is required');
  if (!isProgramCode(program)) {
    throw CliInputError.of('program', `unknown program ${JSON.stringify(program)} (expected ${PROGRAM_CODES.join(', ')})`);
  }
  if (year === undefined || year === null) throw CliInputError.of('year', 'is required');
  if (!Number.isSafeInteger(year)) throw CliInputError.of('year', `must be an integer year, got ${JSON.stringify(year)}`);
  if (facts === undefined || facts === null) throw CliInputError.of('facts', 'is required');

  try {
    const version = selectVersion(versions, program, year as number);
    const errors = validateFacts(version, facts);
    if (errors.length > 0) throw new CliInputError(errors);
    return calculatorAnswer(calculate(version, facts, year as number));
  } catch (e) {
    if (e instanceof DomainError && e.code === 'validation') throw CliInputError.fromDomain(e);
    throw e;
  }
}
