/**
 * What a connection may wait for, by the role it plays. A request must answer quickly: waiting on a row
 * lock (a paused or slow process holding a case) ends after `lockTimeoutMs` with PostgreSQL error 55P03,
 * which the HTTP edge answers 409 with Retry-After — never a hang. A session idle inside a transaction (a
 * paused process, a half-open connection) is ended by the server after `idleInTransactionMs`, which releases
 * its locks. Workers may wait a little longer (their job is retried); the relay holds its claim briefly.
 * Migrations run without limits (their advisory lock may rightly wait for another process's migrations).
 */
export type ConnectionRole = 'request' | 'worker' | 'relay';

export interface ConnectionSettings {
  lockTimeoutMs: number;
  statementTimeoutMs: number;
  idleInTransactionMs: number;
}

export const CONNECTION_SETTINGS: Record<ConnectionRole, ConnectionSettings> = {
  request: { lockTimeoutMs: 2_000, statementTimeoutMs: 15_000, idleInTransactionMs: 15_000 },
  worker: { lockTimeoutMs: 5_000, statementTimeoutMs: 60_000, idleInTransactionMs: 30_000 },
  relay: { lockTimeoutMs: 2_000, statementTimeoutMs: 15_000, idleInTransactionMs: 15_000 },
};

/** The `pg` pool/client options that set a role's limits on every session it opens (and TCP keep-alive). */
export function sessionOptions(role: ConnectionRole): Record<string, unknown> {
  const s = CONNECTION_SETTINGS[role];
  return {
    lock_timeout: s.lockTimeoutMs,
    statement_timeout: s.statementTimeoutMs,
    idle_in_transaction_session_timeout: s.idleInTransactionMs,
    application_name: `subsidy-flow:${role}`,
    // A peer that vanished (a half-open connection) is noticed by the kernel instead of after hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/** The same limits as `SET LOCAL` statements, for a transaction on a shared pool that plays another role. */
export function setLocalStatements(role: ConnectionRole): string {
  const s = CONNECTION_SETTINGS[role];
  return `SET LOCAL lock_timeout = ${s.lockTimeoutMs}; SET LOCAL statement_timeout = ${s.statementTimeoutMs}; ` +
    `SET LOCAL idle_in_transaction_session_timeout = ${s.idleInTransactionMs}`;
}
