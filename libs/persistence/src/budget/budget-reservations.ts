import { JobItem, JobName } from '@app/contracts';
import { CaseStatus, DomainError, formatWan } from '@app/domain';
import { EntityManager } from 'typeorm';
import { outboxParams, outboxWrites } from '../outbox';
import { owedParams } from '../owed-jobs';
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
  app: CaseAmount,
  from: CaseStatus,
  to: CaseStatus,
): Promise<void> {
  const wasFunded = FUNDED_STATUSES.includes(from);
  const isFunded = FUNDED_STATUSES.includes(to);
  if (!wasFunded && isFunded) await reserveBudget(manager, app);
  if (wasFunded && !isFunded) await releaseBudget(manager, app.id);
}

/** What a reservation needs of its case: the transition's compare-and-set returns it. */
export interface CaseAmount {
  id: string;
  program_code: string;
  year: number;
  amount_fen: string | number | null;
}

/**
 * Reserves the case's amount in the open pool of its program and year. The guarded UPDATE is the whole
 * concurrency story: it row-locks the pool, so parallel approvals queue on it and each sees the total the one
 * before it left; an approval that would take a first-come pool past its total updates nothing. A pro-rata pool
 * takes every approval while the round is open and is scaled down to its total when it closes.
 */
async function reserveBudget(manager: EntityManager, app: CaseAmount): Promise<void> {
  // A leftover reservation (there should be none) is given back first, so the pool never counts a case twice.
  await releaseBudget(manager, app.id);
  const amountFen = Number(app.amount_fen ?? 0);
  // The pool's row lock, which every approval of the program and year queues on, is taken by this one
  // statement — the last of the transition — and held only until the commit that follows it. The same statement
  // asks the administrators' check of the pool running low (the threshold is configuration; the notifier decides),
  // written only when the reservation is: its outbox id is the answer.
  const check = [{ job: { name: JobName.CheckBudget, data: { program: app.program_code, year: String(app.year) } } as JobItem }];
  const reserved: { id: string }[] = await manager.query(
    `WITH pool AS (
       UPDATE budget_pools SET reserved_fen = reserved_fen + $3
        WHERE program_code = $1 AND year = $2 AND status = 'open'
          AND (allocation = 'pro-rata' OR reserved_fen + $3 <= total_fen)
        RETURNING id),
     reserved AS (
       INSERT INTO budget_reservations (application_id, pool_id, amount_fen) SELECT $4, id, $3 FROM pool RETURNING pool_id),
     ${outboxWrites('$5', '$6', '$7', '$8', '$9', '$10', 'EXISTS (SELECT 1 FROM reserved)')}`,
    [app.program_code, app.year, amountFen, app.id, ...outboxParams(check), ...owedParams()],
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
