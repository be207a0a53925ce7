import { JobName } from '@app/contracts';
import { CaseStatus, DomainError, formatWan } from '@app/domain';
import { EntityManager } from 'typeorm';
import { enqueue } from '../outbox';
import { updateReturning } from '../update-returning';

/**
 * States in which a case holds money of its pool: from the final approval (into 公示) on. A paid case keeps its
 * reservation, so a pool's reserved total is everything it has committed, paid or not.
 */
export const FUNDED_STATUSES: readonly CaseStatus[] = ['public_notice', 'approved', 'paid'];

/**
 * The budget side of a transition, in its transaction: entering the funded states reserves the case's amount,
 * leaving them (refused, withdrawn, lapsed, or sent back to a review stage) releases it. A pool that cannot
 * cover the amount throws a 409 and the caller's transaction — the whole transition — rolls back.
 */
export async function applyBudgetEffects(
  manager: EntityManager,
  applicationId: string,
  from: CaseStatus,
  to: CaseStatus,
): Promise<void> {
  const wasFunded = FUNDED_STATUSES.includes(from);
  const isFunded = FUNDED_STATUSES.includes(to);
  if (!wasFunded && isFunded) await reserveBudget(manager, applicationId);
  if (wasFunded && !isFunded) await releaseBudget(manager, applicationId);
}

/**
 * Reserves the case's amount in the open pool of its program and year. The guarded UPDATE is the whole
 * concurrency story: it row-locks the pool, so parallel approvals queue on it and each sees the total the one
 * before it left; an approval that would take a first-come pool past its total updates nothing. A pro-rata pool
 * takes every approval while the round is open and is scaled down to its total when it closes.
 */
export async function reserveBudget(manager: EntityManager, applicationId: string): Promise<void> {
  // A leftover reservation (there should be none) is given back first, so the pool never counts a case twice.
  await releaseBudget(manager, applicationId);
  const [app]: { program_code: string; year: number; amount_fen: string | null }[] = await manager.query(
    'SELECT program_code, year, amount_fen FROM applications WHERE id = $1',
    [applicationId],
  );
  if (!app) throw DomainError.notFound(`application ${applicationId}`);
  const amountFen = Number(app.amount_fen ?? 0);
  // The administrators hear when the pool runs low (the threshold is configuration; the notifier decides).
  await enqueue(manager, { name: JobName.CheckBudget, data: { program: app.program_code, year: String(app.year) } });
  // The pool's row lock, which every approval of the program and year queues on, is taken by this one
  // statement — the last of the transition — and held only until the commit that follows it.
  const reserved = await updateReturning<{ id: string }>(
    manager,
    `WITH pool AS (
       UPDATE budget_pools SET reserved_fen = reserved_fen + $3
        WHERE program_code = $1 AND year = $2 AND status = 'open'
          AND (allocation = 'pro-rata' OR reserved_fen + $3 <= total_fen)
        RETURNING id)
     INSERT INTO budget_reservations (application_id, pool_id, amount_fen) SELECT $4, id, $3 FROM pool RETURNING pool_id AS id`,
    [app.program_code, app.year, amountFen, applicationId],
  );
  if (reserved.length === 0) throw await whyNotReserved(manager, app.program_code, app.year, amountFen);
}

/** Gives the case's reservation back to its pool; a case without one (never approved, or released) is a no-op. */
export async function releaseBudget(manager: EntityManager, applicationId: string): Promise<void> {
  const released = await updateReturning<{ pool_id: string; amount_fen: string }>(
    manager,
    'DELETE FROM budget_reservations WHERE application_id = $1 RETURNING pool_id, amount_fen',
    [applicationId],
  );
  for (const r of released) {
    await manager.query('UPDATE budget_pools SET reserved_fen = reserved_fen - $2 WHERE id = $1', [r.pool_id, r.amount_fen]);
  }
}

/** The 409 that tells the reviewer why the approval cannot go through. */
async function whyNotReserved(manager: EntityManager, program: string, year: number, amountFen: number): Promise<DomainError> {
  const [pool]: { status: string; total_fen: string; reserved_fen: string }[] = await manager.query(
    'SELECT status, total_fen, reserved_fen FROM budget_pools WHERE program_code = $1 AND year = $2',
    [program, year],
  );
  if (!pool) {
    return DomainError.because('budget-pool-missing', `there is no budget pool for ${program} ${year}: an administrator creates one before cases can be approved`);
  }
  if (pool.status !== 'open') return DomainError.because('budget-pool-closed', `the budget pool of ${program} ${year} is closed`);
  const remaining = Math.max(0, Number(pool.total_fen) - Number(pool.reserved_fen));
  return DomainError.because(
    'budget-exhausted',
    `the budget pool of ${program} ${year} cannot cover ${formatWan(amountFen)}: ${formatWan(remaining)} of ` +
      `${formatWan(Number(pool.total_fen))} remain`,
  );
}
