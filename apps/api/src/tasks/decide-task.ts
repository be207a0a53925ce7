import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseAction, CaseStatus, DomainError, nextStatus } from '@app/domain';
import { JobName } from '@app/contracts';
import { CaseTransitions, enqueue, ProgramCatalog, updateReturning } from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { Decision, DecisionDto } from './task.dto';
import { TaskQueue } from './task-queue';
import { refuseIncompleteDossier } from './acceptance-dossier';

const ACTIONS: Record<Decision, CaseAction['type']> = {
  approve: 'approve',
  return: 'return-for-supplement',
  refuse: 'refuse',
};

interface CaseRow {
  id: string;
  status: CaseStatus;
  version: number;
  program_version_id: string;
  amount_fen: string | null;
}

export interface DecisionResult {
  applicationId: string;
  status: CaseStatus;
  /** True when an approval of a large amount now waits for a director (分级审批). */
  awaitingDirector: boolean;
}

/**
 * A reviewer decides a task, synchronously: the task and the case are compare-and-set in one transaction with
 * the transition, audit and outbox rows, so the reviewer sees the result at once and a stale version is a 409.
 * The final approval of an amount above the version's threshold does not move the case: it opens a director's
 * task for the second approval, and the director's approval moves it.
 */
@Injectable()
export class DecideTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskQueue,
    private readonly transitions: CaseTransitions,
    private readonly catalog: ProgramCatalog,
  ) {}

  async execute(principal: Principal, taskId: string, body: DecisionDto): Promise<DecisionResult> {
    const task = await this.tasks.visible(principal, taskId);
    if (task.status === 'claimed' && task.assigneeId !== principal.accountId) {
      throw new DomainError('forbidden', 'this task is claimed by another reviewer');
    }
    if (task.kind === 'director' && body.decision === 'return') {
      throw DomainError.invalid([{ field: 'decision', message: 'a director approves or refuses; returns are the reviewers’' }]);
    }
    const reason =
      body.decision === 'return' ? `${body.reason}\n补正 items:\n- ${(body.missingItems ?? []).join('\n- ')}` : body.reason;
    return this.dataSource.transaction(async (manager) => {
      await this.checkFourEyes(manager, principal, task);
      const done = await updateReturning(
        manager,
        `UPDATE review_tasks SET status = 'done', decision = $3, reason = $4, decided_by = $5, decided_at = now(),
                assignee_id = $5, version = version + 1
          WHERE id = $1 AND version = $2 AND status IN ('open', 'claimed') RETURNING id`,
        [taskId, body.version, body.decision, reason, principal.accountId],
      );
      if (!done.length) throw DomainError.conflict('the task changed since you loaded it; reload it');

      const [app]: CaseRow[] = await manager.query(
        'SELECT id, status, version, program_version_id, amount_fen FROM applications WHERE id = $1',
        [task.applicationId],
      );
      if (app.status !== task.stage) throw DomainError.conflict(`the case is no longer in ${task.stage}`);
      if (task.stage === 'acceptance' && body.decision === 'approve') {
        await refuseIncompleteDossier(manager, app.id, (await this.catalog.byId(app.program_version_id, manager)).definition);
      }
      const action = { type: ACTIONS[body.decision] } as CaseAction;
      if (task.kind === 'review' && (await this.needsDirector(manager, app, action))) {
        await manager.query(
          `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, kind, due_on)
           SELECT application_id, entered_transition_id, stage, 'open', 'director', 'director', due_on FROM review_tasks WHERE id = $1`,
          [taskId],
        );
        // Notifying the stage entry again reaches the directors of the new task; what was sent before is not
        // sent twice (messages and deliveries are unique per recipient and transition).
        await enqueue(manager, { name: JobName.NotifyTransition, data: { transitionId: task.enteredTransitionId } });
        return { applicationId: app.id, status: app.status, awaitingDirector: true };
      }
      const result = await this.transitions.apply(manager, {
        application: { id: app.id, status: app.status, version: app.version, programVersionId: app.program_version_id },
        action,
        actor: { accountId: principal.accountId, role: task.kind === 'director' ? 'director' : primaryRole(principal) },
        reason,
      });
      if (result.to === 'supplement') {
        // The items one by one, for the case view and the enterprise's message (the reason keeps them as text too).
        await manager.query('UPDATE applications SET supplement_items = $2 WHERE id = $1', [app.id, JSON.stringify(body.missingItems ?? [])]);
      }
      return { applicationId: app.id, status: result.to, awaitingDirector: false };
    });
  }

  /** Nobody decides two stages of one case, nor both approvals of one stage (four eyes). */
  private async checkFourEyes(
    manager: EntityManager,
    principal: Principal,
    task: { id: string; applicationId: string; stage: string; enteredTransitionId: string },
  ) {
    // The same stage entered again after 补正 may go back to the reviewer who asked for the materials.
    const earlier: unknown[] = await manager.query(
      `SELECT 1 FROM review_tasks WHERE application_id = $1 AND decided_by = $2 AND id <> $3
          AND (stage <> $4 OR entered_transition_id = $5) LIMIT 1`,
      [task.applicationId, principal.accountId, task.id, task.stage, task.enteredTransitionId],
    );
    if (earlier.length) throw new DomainError('forbidden', 'you already decided a step of this case (four eyes)');
  }

  /** The final approval (into the public notice) of an amount above the version's threshold (分级审批). */
  private async needsDirector(manager: EntityManager, app: CaseRow, action: CaseAction): Promise<boolean> {
    if (action.type !== 'approve') return false;
    const { definition } = await this.catalog.byId(app.program_version_id, manager);
    return (
      nextStatus(definition.stages, app.status, action) === 'public_notice' &&
      Number(app.amount_fen ?? 0) > definition.directorThresholdFen
    );
  }
}
