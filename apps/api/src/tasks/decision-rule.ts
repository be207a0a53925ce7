import { DomainError } from '@app/domain';
import { EntityManager } from 'typeorm';

/** Who would decide: a caller, or the reviewer a lead means to hand a task to. */
export interface Decider {
  accountId: string;
  roles: readonly string[];
  conflictEnterpriseIds: readonly string[];
}

/**
 * What is being decided: a review task (its id, stage, entry and role), or an objection to the case (no task:
 * every decided step of the case counts).
 */
export interface DecisionSubject {
  applicationId: string;
  stage: string;
  candidateRole: string | null;
  taskId: string | null;
  enteredTransitionId: string | null;
}

/** A review task as the rule sees it. */
export function taskSubject(task: {
  id: string; applicationId: string; stage: string; candidateRole: string; enteredTransitionId: string;
}): DecisionSubject {
  return {
    applicationId: task.applicationId, stage: task.stage, candidateRole: task.candidateRole, taskId: task.id,
    enteredTransitionId: task.enteredTransitionId,
  };
}

export const FOUR_EYES = 'you already decided a step of this case (four eyes)';
export const CONFLICT = 'you declared a conflict of interest with this enterprise';

/**
 * The one rule of who may decide (and so claim, be handed, or resolve an objection to) a piece of a case:
 * the work's role, no declared conflict with the enterprise, and nobody decides two steps of one case (four
 * eyes) — except the same stage entered again after 补正, which may go back to the reviewer who asked for
 * the materials. Returns why not, or null.
 */
export async function decisionBar(manager: EntityManager, who: Decider, subject: DecisionSubject): Promise<string | null> {
  if (subject.candidateRole !== null && !who.roles.includes(subject.candidateRole)) {
    return `this task is for the role ${subject.candidateRole}`;
  }
  // The case's enterprise and the four-eyes look in one round trip.
  const [row]: { enterprise_id: string; decided_before: boolean }[] = await manager.query(
    `SELECT a.enterprise_id,
            EXISTS (SELECT 1 FROM review_tasks WHERE application_id = a.id AND decided_by = $2 AND status = 'done'
                       AND ($3::uuid IS NULL OR id <> $3) AND (stage <> $4 OR entered_transition_id = $5)) AS decided_before
       FROM applications a WHERE a.id = $1`,
    [subject.applicationId, who.accountId, subject.taskId, subject.stage, subject.enteredTransitionId],
  );
  if (!row) return null;
  if (who.conflictEnterpriseIds.includes(row.enterprise_id)) return CONFLICT;
  return row.decided_before ? FOUR_EYES : null;
}

/** The rule as a refusal: 403 with the reason. */
export async function assertMayDecide(manager: EntityManager, who: Decider, subject: DecisionSubject): Promise<void> {
  const bar = await decisionBar(manager, who, subject);
  if (bar) throw DomainError.because(bar === FOUR_EYES ? 'four-eyes' : bar === CONFLICT ? 'conflict-of-interest' : 'wrong-role', bar);
}

/** A reviewer as the decision rule sees them, read from their account. */
export async function deciderOf(manager: EntityManager, accountId: string): Promise<(Decider & { regionCode: string | null }) | null> {
  const [row]: { id: string; roles: string[]; region_code: string | null; conflict_enterprise_ids: string[] }[] = await manager.query(
    'SELECT id, roles, region_code, conflict_enterprise_ids FROM accounts WHERE id = $1',
    [accountId],
  );
  return row ? { accountId: row.id, roles: row.roles, regionCode: row.region_code, conflictEnterpriseIds: row.conflict_enterprise_ids } : null;
}
