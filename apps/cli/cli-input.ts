import { DomainError, FieldError } from '@app/domain';

/** Bad input: exits non-zero with one line naming each field. */
export class CliInputError extends Error {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.field}: ${f.message}`).join('; '));
    this.name = 'CliInputError';
  }

  static of(field: string, message: string): CliInputError {
    return new CliInputError([{ field, message }]);
  }

  /** A domain validation error, with its field names rewritten to the CLI's own (e.g. events[2] → stoppedOn). */
  static fromDomain(error: DomainError, rename: (field: string) => string = (f) => f): CliInputError {
    const fields = error.fields.length > 0 ? error.fields : [{ field: 'input', message: error.message }];
    return new CliInputError(fields.map((f) => ({ field: rename(f.field), message: f.message })));
  }
}

export type JsonObject = Record<string, unknown>;

export function parseInputObject(stdinText: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(stdinText);
  } catch (e) {
    throw CliInputError.of('input', `stdin is not valid JSON (${(e as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw CliInputError.of('input', 'stdin must hold one JSON object');
  }
  return value as JsonObject;
}
