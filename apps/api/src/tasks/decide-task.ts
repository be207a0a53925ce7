import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseAction, CaseStatus, DomainError, formatSystemReason, nextStatus } from '@app/domain';
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
  TransitionResult,
} from '@app/persistence';
import { DataSource } from 'typeorm';
import { Decision, DecisionDto } from './task.dto';
import { TaskQueue } from './task-queue';
import { refusalOf } from './decision-rule';
import { refuseIncompleteDossier } from './acceptance-dossier';

/** Why a reservation fails that a final approval waits out (a closed round stays a 409: no money will come). */
const WAITS_FOR_BUDGET = new Set<string>(['budget-pool-missing', 'budget-exhausted']);

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
    // The rule's reading is taken with the task (no lock either way: the decision's compare-and-set is what holds).
    const { task, bar } = await this.tasks.visibleToDecide(principal, taskId);
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
        ? formatSystemReason({ code: 'returned', params: { reason: body.reason, items: body.missingItems ?? [] } })
        : body.reason;
    if (bar) throw refusalOf(bar);
    return this.dataSource.transaction(async (manager) => {
      // The task is done and the case read in one statement (none: the task changed since it was loaded).
      const [app]: CaseRow[] = await manager.query(
        `WITH done AS (
           UPDATE review_tasks SET status = 'done', decision = $3, reason = $4, decided_by = $5, decided_at = now(),
                  assignee_id = $5, version = version + 1
            WHERE id = $1 AND version = $2 AND status IN ('open', 'claimed') RETURNING application_id)
         SELECT a.id, a.status, a.version, a.program_version_id, a.amount_fen, a.eligible
           FROM applications a JOIN done ON done.application_id = a.id`,
        [taskId, body.version, body.decision, reason, principal.accountId],
      );
      if (!app) throw DomainError.because('task-changed', 'the task changed since you loaded it; reload it');

      if (app.status !== task.stage) throw DomainError.because('case-moved-on', `the case is no longer in ${task.stage}`);
      const { definition } = await this.catalog.byId(app.program_version_id, manager);
      if (task.stage === 'acceptance' && body.decision === 'approve') await refuseIncompleteDossier(manager, app.id, definition);
      const action = { type: ACTIONS[body.decision] } as CaseAction;
      // Screening's verdict binds: an ineligible case is refused, or a director overrides the screening first.
      if (action.type === 'approve' && app.eligible === false) {
        throw new DomainError(
          'unprocessable',
          'screening found this case not eligible: refuse it, or a director overrides the screening with a written reason',
        );
      }
      // Where an approval takes the case: into the public notice it is the final one (分级审批 above the threshold),
      // and into the funded states it reserves the case's amount.
      const approvedInto = action.type === 'approve' ? nextStatus(definition.stages, app.status, action) : null;
      if (task.kind === 'review' && approvedInto === 'public_notice' && Number(app.amount_fen ?? 0) > definition.directorThresholdFen) {
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
      // A return names the 补正 items one by one, for the case view and the enterprise's message (the reason keeps
      // them as text too): set by the transition's own UPDATE, which its message is written from.
      const patch = action.type === 'return-for-supplement' ? { supplement_items: body.missingItems ?? [] } : undefined;
      const request = { application: caseRef(app), action, actor, reason, patch };
      // The final approval tries its transition, whose budget reservation is the last statement (so the pool's
      // row lock, which every approval of the program and year queues on, is held only from there to the
      // commit). No pool, or too little in it: the attempt is rolled back to here and the approval stands,
      // waiting for the money, instead of dead-ending (409).
      const final = approvedInto !== null && FUNDED_STATUSES.includes(approvedInto);
      if (final) await manager.query('SAVEPOINT final_approval');
      let result: TransitionResult;
      try {
        result = await this.transitions.apply(manager, request);
      } catch (error) {
        if (!final || !(error instanceof DomainError) || !WAITS_FOR_BUDGET.has(error.reason)) throw error;
        await manager.query('ROLLBACK TO SAVEPOINT final_approval');
        // Locks the pool: the reason holds until this transaction ends. Money that arrived meanwhile: try again.
        const shortfall = await budgetShortfall(manager, app.id);
        if (!shortfall) throw error;
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
      return { applicationId: app.id, status: result.to, awaitingDirector: false, awaitingBudget: false };
    });
  }
}
