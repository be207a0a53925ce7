import type { z } from 'zod';
import { DomainError, FieldError } from '../workflow/domain-error';
import { ProgramVersion } from './program-version';
import { PROGRAM_VERSION_FIELDS, PROGRAM_VERSION_SCHEMA } from './program-version-schema';

/** `stages[0].limitDays`, as the API's errors have always named a field; the version itself is `version`. */
function fieldOf(path: readonly PropertyKey[]): string {
  const named = path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
  return named || 'version';
}

/** One error per problem; a stray key of a closed object (a ratio's unknown payer) is named by its own path. */
function fieldErrors(issues: readonly z.core.$ZodIssue[]): FieldError[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldOf([...issue.path, key]), message: issue.message }))
      : [{ field: fieldOf(issue.path), message: issue.message }],
  );
}

/** Problems in the order of the version's fields (a rule between fields is reported with the field it names). */
function inFieldOrder(errors: FieldError[]): FieldError[] {
  const rank = (e: FieldError) => {
    const index = PROGRAM_VERSION_FIELDS.indexOf(/^[^.[]*/.exec(e.field)![0]);
    return index < 0 ? -1 : index;
  };
  return [...errors].sort((a, b) => rank(a) - rank(b));
}

/**
 * Checks a program version from a seed file, a database row or an administrator's edit against
 * `PROGRAM_VERSION_SCHEMA`; throws a validation error listing every problem, each naming its field. The value is
 * returned as given (stored definitions are kept whole).
 */
export function parseProgramVersion(value: unknown): ProgramVersion {
  const result = PROGRAM_VERSION_SCHEMA.safeParse(value);
  if (!result.success) throw DomainError.invalid(inFieldOrder(fieldErrors(result.error.issues)));
  return value as ProgramVersion;
}
