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

/** What the rule reads of the case: its enterprise, and whether the decider decided another step of it. */
export interface RuleFacts {
  enterpriseId: string;
  decidedBefore: boolean;
}

/**
 * SQL (on expressions for the case, the decider, the task or NULL, its stage and its entry): whether the decider
 * decided a step of the case that bars this one — any other step, except the same stage entered again after 补正.
 */
export function decidedBeforeSql(app: string, who: string, taskId: string, stage: string, entered: string): string {
  return `EXISTS (SELECT 1 FROM review_tasks d WHERE d.application_id = ${app} AND d.decided_by = ${who} AND d.status = 'done'
            AND (${taskId}::uuid IS NULL OR d.id <> ${taskId}) AND (d.stage <> ${stage} OR d.entered_transition_id = ${entered}))`;
}

/**
 * The one rule of who may decide (and so claim, be handed, or resolve an objection to) a piece of a case:
 * the work's role, no declared conflict with the enterprise, and nobody decides two steps of one case (four
 * eyes) — except the same stage entered again after 补正, which may go back to the reviewer who asked for
 * the materials. Returns why not, or null. `facts`: what was read of the case (null: no such case).
 */
export function barOf(who: Decider, subject: DecisionSubject, facts: RuleFacts | null): string | null {
  if (subject.candidateRole !== null && !who.roles.includes(subject.candidateRole)) {
    return `this task is for the role ${subject.candidateRole}`;
  }
  if (!facts) return null;
  if (who.conflictEnterpriseIds.includes(facts.enterpriseId)) return CONFLICT;
  return facts.decidedBefore ? FOUR_EYES : null;
}

/** `barOf`, reading the case's enterprise and the four-eyes look in one round trip. */
export async function decisionBar(manager: EntityManager, who: Decider, subject: DecisionSubject): Promise<string | null> {
  const [row]: { enterprise_id: string; decided_before: boolean }[] = await manager.query(
    `SELECT a.enterprise_id, ${decidedBeforeSql('a.id', '$2', '$3', '$4', '$5')} AS decided_before FROM applications a WHERE a.id = $1`,
    [subject.applicationId, who.accountId, subject.taskId, subject.stage, subject.enteredTransitionId],
  );
  return barOf(who, subject, row ? { enterpriseId: row.enterprise_id, decidedBefore: row.decided_before } : null);
}

/** A bar as a refusal: 403 with the reason. */
export function refusalOf(bar: string): DomainError {
  return DomainError.because(bar === FOUR_EYES ? 'four-eyes' : bar === CONFLICT ? 'conflict-of-interest' : 'wrong-role', bar);
}

/** The rule as a refusal. */
export async function assertMayDecide(manager: EntityManager, who: Decider, subject: DecisionSubject): Promise<void> {
  const bar = await decisionBar(manager, who, subject);
  if (bar) throw refusalOf(bar);
}

/** A reviewer as the decision rule sees them, read from their account. */
export async function deciderOf(manager: EntityManager, accountId: string): Promise<(Decider & { regionCode: string | null }) | null> {
  const [row]: { id: string; roles: string[]; region_code: string | null; conflict_enterprise_ids: string[] }[] = await manager.query(
    'SELECT id, roles, region_code, conflict_enterprise_ids FROM accounts WHERE id = $1',
    [accountId],
  );
  return row ? { accountId: row.id, roles: row.roles, regionCode: row.region_code, conflictEnterpriseIds: row.conflict_enterprise_ids } : null;
}
