/**
 * Errors the domain raises, each with a code that the edges map once: the HTTP filter to a status, the worker
 * to "retry" or "unrecoverable".
 */
export type DomainErrorCode =
  | 'validation' // 400/422: input broke a rule; `fields` names each bad field
  | 'not-found' // 404
  | 'conflict' // 409: stale version, a transition the machine does not allow, a duplicate
  | 'forbidden' // 403: four eyes, conflicts of interest, role
  | 'unprocessable'; // 422: well-formed but refused by a business rule

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static notFound(what: string): DomainError {
    return new DomainError('not-found', `${what} not found`);
  }

  static conflict(message: string): DomainError {
    return new DomainError('conflict', message);
  }

  static invalid(fields: FieldError[]): DomainError {
    return new DomainError('validation', fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
  }
}
