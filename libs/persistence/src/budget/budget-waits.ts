import { JobName } from '@app/contracts';
import { DomainError, formatWan } from '@app/domain';
import { EntityManager } from 'typeorm';
import { Actor, appendAudit } from '../audit';
import { enqueue } from '../outbox';
import { updateReturning } from '../update-returning';

/**
 * Why a final approval cannot reserve its amount now, or null when it can. Row-locks the pool (as a
 * reservation would), so the answer holds until the caller's transaction ends; `lock = false` only reads (for a
 * message). A closed round is not a wait
 * (no money will come): that stays a 409, and the reviewer refuses the case instead.
 */
export async function budgetShortfall(manager: EntityManager, applicationId: string, lock = true): Promise<string | null> {
  // The case, then its pool: the order every transition takes these locks in (no deadlock with them).
  const [app]: { program_code: string; year: number; amount_fen: string | null }[] = await manager.query(
    `SELECT program_code, year, amount_fen FROM applications WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [applicationId],
  );
  if (!app) throw DomainError.notFound(`application ${applicationId}`);
  const amountFen = Number(app.amount_fen ?? 0);
  const [pool]: { status: string; allocation: string; total_fen: string; reserved_fen: string }[] = await manager.query(
    `SELECT status, allocation, total_fen, reserved_fen FROM budget_pools WHERE program_code = $1 AND year = $2${lock ? ' FOR UPDATE' : ''}`,
    [app.program_code, app.year],
  );
  if (!pool) return `there is no budget pool for ${app.program_code} ${app.year}`;
  if (pool.status !== 'open') throw DomainError.because('budget-pool-closed', `the budget pool of ${app.program_code} ${app.year} is closed`);
  if (pool.allocation === 'pro-rata') return null;
  const remaining = Number(pool.total_fen) - Number(pool.reserved_fen);
  if (amountFen <= remaining) return null;
  return (
    `the budget pool of ${app.program_code} ${app.year} cannot cover ${formatWan(amountFen)}: ` +
    `${formatWan(Math.max(0, remaining))} of ${formatWan(Number(pool.total_fen))} remain`
  );
}

/**
 * The final approval is given but the money is not there: the reviewer's decision is kept on their task
 * ('awaiting_budget'), the case stays in its stage marked as waiting for budget (checked against the version
 * the reviewer saw, and audited; not a transition, so its version — the sequence of its transitions — stays), and the administrators are told (a `CheckBudget` job). Creating or topping up the pool
 * releases the waiting cases in the order they began to wait (`ReleaseBudgetWaits`).
 */
export async function holdForBudget(
  manager: EntityManager,
  request: { applicationId: string; version: number; status: string; taskId: string; actor: Actor; reason: string; at: Date },
): Promise<void> {
  const held = await updateReturning<{ program_code: string; year: number }>(
    manager,
    `UPDATE applications SET updated_at = now(),
            budget_wait_since = COALESCE(budget_wait_since, now()), budget_wait_reason = $4
      WHERE id = $1 AND version = $2 AND status = $3 RETURNING program_code, year`,
    [request.applicationId, request.version, request.status, request.reason],
  );
  if (!held.length) throw DomainError.because('case-changed', `case ${request.applicationId} changed; reload it`);
  await manager.query(`UPDATE review_tasks SET status = 'awaiting_budget' WHERE id = $1`, [request.taskId]);
  await appendAudit(manager, {
    stream: `application:${request.applicationId}`,
    actor: request.actor,
    action: 'case.awaiting-budget',
    data: { taskId: request.taskId, reason: request.reason },
    at: request.at,
  });
  const { program_code: program, year } = held[0];
  await enqueue(manager, { name: JobName.CheckBudget, data: { program, year: String(year) } });
  // A pool created or topped up while this transaction ran released the others but could not see this case:
  // one more release pass after it commits closes that gap (it stops at once when the money is not there).
  await enqueue(manager, { name: JobName.ReleaseBudgetWaits, data: { program, year: String(year) } });
}

/** Money arrived for a program and year (a pool created or topped up): release its waiting cases, and re-check its alerts. */
export async function budgetArrived(manager: EntityManager, program: string, year: number): Promise<void> {
  await enqueue(manager, { name: JobName.ReleaseBudgetWaits, data: { program, year: String(year) } });
  await enqueue(manager, { name: JobName.CheckBudget, data: { program, year: String(year) } });
}
