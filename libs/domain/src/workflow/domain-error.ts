import { ERROR_STATUS, ErrorCode } from '@app/contracts';

/**
 * Errors the domain raises. `code` is the broad kind the edges map once (the HTTP filter to a status, the worker
 * to "retry" or "unrecoverable"); `reason` is the code of the catalogue (`@app/contracts`' error codes) the
 * client sees, the kind itself when the failure has no code of its own.
 */
export type DomainErrorCode =
  | 'validation' // 400/422: input broke a rule; `fields` names each bad field
  | 'unauthenticated' // 401: who the caller is was not shown
  | 'not-found' // 404
  | 'conflict' // 409: stale version, a transition the machine does not allow, a duplicate
  | 'forbidden' // 403: four eyes, conflicts of interest, role
  | 'unprocessable' // 422: well-formed but refused by a business rule
  | 'too-many-requests'; // 429: wait (`retryAfterSeconds`) and try again

export interface FieldError {
  field: string;
  message: string;
}

const KIND_OF_STATUS = {
  400: 'validation',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  422: 'unprocessable',
  429: 'too-many-requests',
} as const satisfies Record<number, DomainErrorCode>;

/** The catalogue's codes a domain error may carry: those whose status is one of a domain error's kinds. */
export type DomainReason = {
  [K in ErrorCode]: (typeof ERROR_STATUS)[K] extends keyof typeof KIND_OF_STATUS ? K : never;
}[ErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly reason: DomainReason = code,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** A failure with a code of its own; its kind (and so its status) is the catalogue's. */
  static because(reason: DomainReason, message: string, fields: FieldError[] = []): DomainError {
    return new DomainError(KIND_OF_STATUS[ERROR_STATUS[reason]], message, fields, reason);
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

/** A caller who must wait before trying again (logins, uploads): a 429 with Retry-After. */
export class TooManyAttemptsError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
    reason: 'too-many-attempts' | 'too-many-uploads' | 'too-many-requests' = 'too-many-attempts',
  ) {
    super('too-many-requests', message, [], reason);
  }
}
