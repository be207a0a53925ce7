import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { CaseAction, CaseStatus, DomainError } from '@app/domain';
import { CaseTransitions, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { Decision, DecisionDto } from './task.dto';
import { TaskQueue } from './task-queue';

const ACTIONS: Record<Decision, CaseAction['type']> = {
  approve: 'approve',
  return: 'return-for-supplement',
  refuse: 'refuse',
};

/**
 * A reviewer decides a task, synchronously: the task and the case are compare-and-set in one transaction with
 * the transition, audit and outbox rows, so the reviewer sees the result at once and a stale version is a 409.
 */
@Injectable()
export class DecideTask {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tasks: TaskQueue,
    private readonly transitions: CaseTransitions,
  ) {}

  async execute(principal: Principal, taskId: string, body: DecisionDto): Promise<{ applicationId: string; status: CaseStatus }> {
    const task = await this.tasks.visible(principal, taskId);
    if (task.status === 'claimed' && task.assigneeId !== principal.accountId) {
      throw new DomainError('forbidden', 'this task is claimed by another reviewer');
    }
    const reason =
      body.decision === 'return' ? `${body.reason}\n补正 items:\n- ${(body.missingItems ?? []).join('\n- ')}` : body.reason;
    return this.dataSource.transaction(async (manager) => {
      // Four eyes: nobody decides two stages of one case.
      const earlier: unknown[] = await manager.query(
        `SELECT 1 FROM review_tasks WHERE application_id = $1 AND decided_by = $2 AND id <> $3 AND stage <> $4 LIMIT 1`,
        [task.applicationId, principal.accountId, taskId, task.stage],
      );
      if (earlier.length) throw new DomainError('forbidden', 'you decided another stage of this case (four eyes)');

      const done = await updateReturning(
        manager,
        `UPDATE review_tasks SET status = 'done', decision = $3, reason = $4, decided_by = $5, decided_at = now(),
                assignee_id = $5, version = version + 1
          WHERE id = $1 AND version = $2 AND status IN ('open', 'claimed') RETURNING id`,
        [taskId, body.version, body.decision, reason, principal.accountId],
      );
      if (!done.length) throw DomainError.conflict('the task changed since you loaded it; reload it');

      const [app]: { id: string; status: CaseStatus; version: number; program_version_id: string }[] = await manager.query(
        'SELECT id, status, version, program_version_id FROM applications WHERE id = $1',
        [task.applicationId],
      );
      if (app.status !== task.stage) throw DomainError.conflict(`the case is no longer in ${task.stage}`);
      const result = await this.transitions.apply(manager, {
        application: { id: app.id, status: app.status, version: app.version, programVersionId: app.program_version_id },
        action: { type: ACTIONS[body.decision] } as CaseAction,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        reason,
      });
      return { applicationId: app.id, status: result.to };
    });
  }
}
