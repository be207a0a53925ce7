import { DomainError } from '../workflow/domain-error';
import { appliesToYear, ProgramCode, ProgramVersion } from './program-version';

/**
 * The version that judges `program` applications of `year`. Should two versions overlap (a mistake in the
 * data), the one starting latest wins, being the more specific.
 */
export function selectVersion(versions: readonly ProgramVersion[], program: ProgramCode, year: number): ProgramVersion {
  if (!Number.isSafeInteger(year)) {
    throw DomainError.invalid([{ field: 'year', message: `must be an integer year, got ${JSON.stringify(year)}` }]);
  }
  const candidates = versions
    .filter((v) => v.program === program && appliesToYear(v, year))
    .sort((a, b) => b.years.from - a.years.from);
  if (candidates.length === 0) {
    throw DomainError.invalid([{ field: 'year', message: `no version of ${program} applies to ${year}` }]);
  }
  return candidates[0];
}
