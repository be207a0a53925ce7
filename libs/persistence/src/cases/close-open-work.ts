import { CaseStatus, CLOSED_STATUSES } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * What a case leaves behind when it moves, closed in the transition's own transaction so no queue ever shows
 * work whose case has moved on: open and claimed review tasks are cancelled (a new stage's task is created
 * after this, by the same transition), and so is an approval held for budget (the case no longer waits
 * where it was; its reason stays the reviewer's), unscored expert seats are freed when the case leaves expert
 * review, and on an exit (refused, withdrawn, declined, lapsed) the case's running clocks and its pending
 * alarm bookmark go too, so the dashboard stops counting it at once.
 */
export async function closeOpenWork(
  manager: EntityManager,
  request: { applicationId: string; from: CaseStatus; to: CaseStatus },
): Promise<void> {
  const { applicationId, from, to } = request;
  // The tasks were cancelled by the transition's compare-and-set (`cancelOpenTasksStep`).
  if (from === 'expert_review') {
    await manager.query(
      `UPDATE expert_seats SET cancelled_at = now() WHERE application_id = $1 AND submitted_at IS NULL AND cancelled_at IS NULL`,
      [applicationId],
    );
  }
  if (CLOSED_STATUSES.includes(to)) {
    await manager.query('DELETE FROM sla_running_clocks WHERE application_id = $1', [applicationId]);
    await manager.query('UPDATE applications SET next_alarm_at = NULL WHERE id = $1', [applicationId]);
  }
}

/**
 * The first of `closeOpenWork`'s steps, as a data-modifying CTE step for the compare-and-set's statement (SQL
 * expressions for the case's id and the reason; `moved`: a condition true only when the case did move): the
 * case's open, claimed and held tasks are cancelled, their reason kept when they have one.
 */
export function cancelOpenTasksStep(app: string, reason: string, moved: string): string {
  return `UPDATE review_tasks SET status = 'cancelled', version = version + 1, reason = COALESCE(reason, ${reason})
           WHERE application_id = ${app} AND status IN ('open', 'claimed', 'awaiting_budget') AND ${moved}`;
}
