import { TooManyAttemptsError } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Language, retryMessage } from './language';

/**
 * Growing delays after failed logins, per key: a username (whether or not the account exists, so the answers
 * never tell) and a client address. The first `free` failures cost nothing; then each failure doubles the wait
 * from `baseMs`, never past `maxMs`; an hour without failures forgets them. No hard lock: the administrator
 * can always log in again within a minute, and an office behind one address gets many tries.
 */
export const LOGIN_THROTTLE = {
  account: { free: 5, baseMs: 5_000, maxMs: 60_000 },
  address: { free: 30, baseMs: 5_000, maxMs: 15 * 60_000 },
  forgetAfterMs: 3600_000,
} as const;

export interface ThrottleKeys {
  account: string;
  address: string | null;
}

export function throttleKeys(username: string, address: string | null | undefined): ThrottleKeys {
  return { account: `account:${username.trim().toLowerCase()}`, address: address ? `address:${address}` : null };
}

/** The 429 of a caller who must wait, with the wait in seconds (Retry-After) and a message in their language. */
export class TooManyAttempts extends TooManyAttemptsError {
  constructor(retryAfterSeconds: number, language: Language, kind: 'login' | 'uploads' = 'login') {
    super(retryAfterSeconds, retryMessage(kind, retryAfterSeconds, language), kind === 'login' ? 'too-many-attempts' : 'too-many-uploads');
  }
}

/** Milliseconds the caller must still wait, or 0. */
export async function loginWait(manager: EntityManager, keys: ThrottleKeys, now: Date): Promise<number> {
  const rows: { next_at: Date | null }[] = await manager.query(
    'SELECT max(next_at) AS next_at FROM login_throttle WHERE key = ANY($1) AND next_at > $2',
    [[keys.account, keys.address].filter(Boolean), now],
  );
  const next = rows[0]?.next_at;
  return next ? Math.max(0, new Date(next).getTime() - now.getTime()) : 0;
}

/** Counts one failure against each key and pushes its next allowed try out as its rule says. */
export async function recordLoginFailure(manager: EntityManager, keys: ThrottleKeys, now: Date): Promise<void> {
  const pairs = [[keys.account, LOGIN_THROTTLE.account] as const, ...(keys.address ? [[keys.address, LOGIN_THROTTLE.address] as const] : [])];
  for (const [key, rule] of pairs) {
    const [{ failures }]: { failures: number }[] = await manager.query(
      `INSERT INTO login_throttle (key, failures, last_failure_at) VALUES ($1, 1, $2)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN login_throttle.last_failure_at < $2::timestamptz - ($3 || ' milliseconds')::interval THEN 1
                         ELSE login_throttle.failures + 1 END,
         last_failure_at = $2
       RETURNING failures`,
      [key, now, String(LOGIN_THROTTLE.forgetAfterMs)],
    );
    if (failures > rule.free) {
      const waitMs = Math.min(rule.maxMs, rule.baseMs * 2 ** Math.min(failures - rule.free - 1, 30));
      await manager.query('UPDATE login_throttle SET next_at = $2 WHERE key = $1', [key, new Date(now.getTime() + waitMs)]);
    }
  }
}

/** A successful login forgets the account's failures (not the address's). */
export async function clearLoginFailures(manager: EntityManager, keys: ThrottleKeys): Promise<void> {
  await manager.query('DELETE FROM login_throttle WHERE key = $1', [keys.account]);
}
