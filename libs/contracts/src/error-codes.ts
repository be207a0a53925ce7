/**
 * The one catalogue of API error codes: every error body's `error` is one of these, with its HTTP status. A
 * code names a failure the client can act on (reload a changed task, ask a colleague because of four eyes,
 * ask an administrator for a budget pool…); the broad codes (`validation`, `conflict`, …) are what a failure
 * with no code of its own gets. The OpenAPI error body lists them, the web pages map each to a sentence.
 */
export const ERROR_STATUS = {
  // Broad codes: a failure with no code of its own.
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
  // Requests the server could not read.
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  // Sign-in and session (401/403).
  'missing-token': 401,
  'invalid-token': 401,
  'invalid-credentials': 401,
  'totp-required': 401,
  'invalid-second-factor': 401,
  csrf: 403,
  'password-change-required': 403,
  'totp-enrolment-required': 403,
  'too-many-attempts': 429,
  'too-many-uploads': 429,
  // Who may act (403).
  'not-an-enterprise': 403,
  'wrong-role': 403,
  'four-eyes': 403,
  'conflict-of-interest': 403,
  'task-claimed-by-other': 403,
  // The thing changed or moved on since the client read it (409): reload and look again.
  'task-changed': 409,
  'case-changed': 409,
  'case-moved-on': 409,
  'transition-not-allowed': 409,
  // What exists already (409).
  'open-case-exists': 409,
  'duplicate-claim': 409,
  // Money (409): an administrator acts first.
  'budget-pool-missing': 409,
  'budget-pool-closed': 409,
  'budget-exhausted': 409,
  // Refused by a rule of the case (422).
  'dossier-incomplete': 422,
  'nothing-to-pay': 422,
  'idempotency-key-reused': 422,
  // A preference the system cannot honour (422).
  'email-not-configured': 422,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
