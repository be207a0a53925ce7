/**
 * Errors that mean "a service this request needs is away or busy", not "this request is wrong" or "a bug":
 * the client should retry (with the same Idempotency-Key) after `retryAfterSeconds`. Each was rolled back.
 */
export interface Unavailable {
  statusCode: 409 | 503;
  error: 'conflict' | 'unavailable';
  message: string;
  retryAfterSeconds: number;
}

/** PostgreSQL error classes 08 (connection), 53 (resources), 57P (shutdown, cannot connect now). */
const PG_OUTAGE = /^(08|53|57P)/;
/** Socket-level failures of the pg driver or ioredis. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/** What the pg pool and ioredis say when their connection is gone (they give no code). */
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|terminating connection/i;
const REDIS_MESSAGES = /Connection is closed|enableOfflineQueue options is false|Reached the max retries per request limit|ECONNREFUSED.*6379|All sentinels are unreachable/i;

export function unavailable(exception: unknown): Unavailable | null {
  if (!exception || typeof exception !== 'object') return null;
  const error = exception as { code?: unknown; message?: unknown; name?: unknown; driverError?: { code?: unknown } };
  const code = String(error.code ?? error.driverError?.code ?? '');
  const message = String(error.message ?? '');
  if (code === '55P03') {
    return { statusCode: 409, error: 'conflict', message: 'Someone else is changing this right now; try again', retryAfterSeconds: 1 };
  }
  if (code === '57014') {
    return { statusCode: 503, error: 'unavailable', message: 'The database is busy; try again shortly', retryAfterSeconds: 5 };
  }
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) {
    return { statusCode: 503, error: 'unavailable', message: 'The job queue is unavailable; try again shortly', retryAfterSeconds: 5 };
  }
  if (PG_OUTAGE.test(code) || SOCKET_CODES.has(code) || PG_MESSAGES.test(message)) {
    return { statusCode: 503, error: 'unavailable', message: 'The database is unavailable; try again shortly', retryAfterSeconds: 5 };
  }
  return null;
}
