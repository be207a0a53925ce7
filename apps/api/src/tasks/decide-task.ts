import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseAction, CaseStatus, DomainError, nextStatus } from '@app/domain';
import { JobName } from '@app/contracts';
import {
  budgetShortfall,
  caseRef,
  CaseTransitions,
  enqueue,
  FUNDED_STATUSES,
  holdForBudget,
  ProgramCatalog,
  TimeSource,
  updateReturning,
} from '@app/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { Decision, DecisionDto } from './task.dto';
import { TaskQueue } from './task-queue';
import { assertMayDecide, taskSubject } from './decision-rule';
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
  eligible: boolean | null;
}

export interface DecisionResult {
  applicationId: string;
  status: CaseStatus;
  /** True when an approval of a large amount now waits for a director (分级审批). */
  awaitingDirector: boolean;
  /** True when the final approval is kept but waits for its budget pool (none, or too little left). */
  awaitingBudget: boolean;
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
    private readonly time: TimeSource,
  ) {}

  async execute(principal: Principal, taskId: string, body: DecisionDto): Promise<DecisionResult> {
    const task = await this.tasks.visible(principal, taskId);
    if (task.status === 'claimed' && task.assigneeId !== principal.accountId) {
      throw DomainError.because('task-claimed-by-other', 'this task is claimed by another reviewer');
    }
    if (task.kind === 'director' && body.decision === 'return') {
      throw DomainError.invalid([
        { field: 'decision', message: 'a director approves or refuses; returns are the reviewers’' },
      ]);
    }
    const reason =
      body.decision === 'return'
        ? `${body.reason}\n补正 items:\n- ${(body.missingItems ?? []).join('\n- ')}`
        : body.reason;
    return this.dataSource.transaction(async (manager) => {
      await assertMayDecide(manager, principal, taskSubject(task));
      const done = await updateReturning(
        manager,
        `UPDATE review_tasks SET status = 'done', decision = $3, reason = $4, decided_by = $5, decided_at = now(),
                assignee_id = $5, version = version + 1
          WHERE id = $1 AND version = $2 AND status IN ('open', 'claimed') RETURNING id`,
        [taskId, body.version, body.decision, reason, principal.accountId],
      );
      if (!done.length) throw DomainError.because('task-changed', 'the task changed since you loaded it; reload it');

      const [app]: CaseRow[] = await manager.query(
        'SELECT id, status, version, program_version_id, amount_fen, eligible FROM applications WHERE id = $1',
        [task.applicationId],
      );
      if (app.status !== task.stage) throw DomainError.because('case-moved-on', `the case is no longer in ${task.stage}`);
      if (task.stage === 'acceptance' && body.decision === 'approve') {
        await refuseIncompleteDossier(
          manager,
          app.id,
          (await this.catalog.byId(app.program_version_id, manager)).definition,
        );
      }
      const action = { type: ACTIONS[body.decision] } as CaseAction;
      // Screening's verdict binds: an ineligible case is refused, or a director overrides the screening first.
      if (action.type === 'approve' && app.eligible === false) {
        throw new DomainError(
          'unprocessable',
          'screening found this case not eligible: refuse it, or a director overrides the screening with a written reason',
        );
      }
      if (task.kind === 'review' && (await this.needsDirector(manager, app, action))) {
        await manager.query(
          `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, kind, due_on)
           SELECT application_id, entered_transition_id, stage, 'open', 'director', 'director', due_on FROM review_tasks WHERE id = $1`,
          [taskId],
        );
        // Notifying the stage entry again reaches the directors of the new task; what was sent before is not
        // sent twice (messages and deliveries are unique per recipient and transition).
        await enqueue(manager, {
          name: JobName.NotifyTransition,
          data: { transitionId: task.enteredTransitionId },
        });
        return { applicationId: app.id, status: app.status, awaitingDirector: true, awaitingBudget: false };
      }
      const actor = {
        accountId: principal.accountId,
        role: task.kind === 'director' ? 'director' : primaryRole(principal),
      };
      // No pool, or too little in it: the approval stands and waits for the money instead of dead-ending (409).
      const shortfall = await this.budgetShortfall(manager, app, action);
      if (shortfall) {
        await holdForBudget(manager, {
          applicationId: app.id,
          version: app.version,
          status: app.status,
          taskId,
          actor,
          reason: shortfall,
          at: this.time.now(),
        });
        return { applicationId: app.id, status: app.status, awaitingDirector: false, awaitingBudget: true };
      }
      const result = await this.transitions.apply(manager, {
        application: caseRef(app),
        action,
        actor,
        reason,
      });
      if (result.to === 'supplement') {
        // The items one by one, for the case view and the enterprise's message (the reason keeps them as text too).
        await manager.query('UPDATE applications SET supplement_items = $2 WHERE id = $1', [
          app.id,
          JSON.stringify(body.missingItems ?? []),
        ]);
      }
      return { applicationId: app.id, status: result.to, awaitingDirector: false, awaitingBudget: false };
    });
  }

  /** Why an approval into the funded states cannot reserve its amount now (null: it can, or it is no such approval). */
  private async budgetShortfall(
    manager: EntityManager,
    app: CaseRow,
    action: CaseAction,
  ): Promise<string | null> {
    if (action.type !== 'approve') return null;
    const { definition } = await this.catalog.byId(app.program_version_id, manager);
    if (!FUNDED_STATUSES.includes(nextStatus(definition.stages, app.status, action))) return null;
    return budgetShortfall(manager, app.id);
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
