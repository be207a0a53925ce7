import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { CaseStatus, DomainError } from '@app/domain';
import { budgetShortfall, caseRef, CaseTransitions } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource, EntityManager } from 'typeorm';

interface Waiting {
  id: string;
  status: CaseStatus;
  version: number;
  program_version_id: string;
  task_id: string;
  stage: string;
  kind: string;
  candidate_role: string;
  decided_by: string | null;
  reason: string | null;
}

type Step = 'released' | 'dropped' | 'short' | 'closed' | 'none';

/**
 * Money arrived for a program and year (a pool created or topped up): the cases whose final approval waits for
 * it move on, oldest wait first, one transaction each — the reviewer's held approval becomes the transition it
 * would have been (same reviewer, same reason), reserving the amount — until the pool cannot cover the next.
 * A case that moved on meanwhile (withdrawn…) only loses its wait. Re-running it releases nothing twice: a
 * released case no longer waits.
 */
@Injectable()
export class ReleaseBudgetWaitsHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
  ) {}

  @OnJob(JobName.ReleaseBudgetWaits)
  async handle(data: JobPayloads[JobName.ReleaseBudgetWaits]): Promise<string> {
    const counts: Record<Step, number> = { released: 0, dropped: 0, short: 0, closed: 0, none: 0 };
    for (;;) {
      const step = await this.next(data.program, Number(data.year));
      counts[step]++;
      if (step === 'none' || step === 'short' || step === 'closed') break;
    }
    return `released ${counts.released}, dropped ${counts.dropped}${counts.short ? ', the pool cannot cover the next' : ''}${counts.closed ? ', the pool is closed' : ''}`;
  }

  /** What the waiting cases (and their enterprises) read as the reason follows the pool: "no pool" becomes "too little". */
  private async refreshReasons(manager: EntityManager, program: string, year: number): Promise<void> {
    const waiting: { id: string; budget_wait_reason: string | null }[] = await manager.query(
      `SELECT id, budget_wait_reason FROM applications WHERE program_code = $1 AND year = $2 AND budget_wait_since IS NOT NULL
        ORDER BY budget_wait_since, id LIMIT 500`,
      [program, year],
    );
    for (const w of waiting) {
      const reason = await budgetShortfall(manager, w.id, false);
      if (reason && reason !== w.budget_wait_reason) {
        await manager.query('UPDATE applications SET budget_wait_reason = $2 WHERE id = $1', [w.id, reason]);
      }
    }
  }

  private async next(program: string, year: number): Promise<Step> {
    try {
      return await this.dataSource.transaction(async (manager): Promise<Step> => {
        // One release at a time per program-year (several jobs may be queued for it): no two take cases in
        // another order than the queue's, and none waits on another's rows.
        await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`budget-release:${program}:${year}`]);
        const [w]: Waiting[] = await manager.query(
          `SELECT a.id, a.status, a.version, a.program_version_id, t.id AS task_id, t.stage, t.kind, t.candidate_role,
                  t.decided_by, t.reason
             FROM applications a JOIN review_tasks t ON t.application_id = a.id AND t.status = 'awaiting_budget'
            WHERE a.program_code = $1 AND a.year = $2 AND a.budget_wait_since IS NOT NULL
            ORDER BY a.budget_wait_since, a.id LIMIT 1 FOR UPDATE OF a`,
          [program, year],
        );
        if (!w) return 'none';
        if (w.status !== w.stage) {
          await manager.query(`UPDATE review_tasks SET status = 'cancelled', version = version + 1 WHERE id = $1`, [w.task_id]);
          await manager.query('UPDATE applications SET budget_wait_since = NULL, budget_wait_reason = NULL WHERE id = $1', [w.id]);
          return 'dropped';
        }
        if (await budgetShortfall(manager, w.id)) {
          await this.refreshReasons(manager, program, year);
          return 'short';
        }
        await manager.query(`UPDATE review_tasks SET status = 'done', version = version + 1 WHERE id = $1`, [w.task_id]);
        await this.transitions.apply(manager, {
          application: caseRef(w),
          action: { type: 'approve' },
          actor: { accountId: w.decided_by, role: w.kind === 'director' ? 'director' : w.candidate_role },
          reason: w.reason,
        });
        return 'released';
      });
    } catch (error) {
      // A closed round will not fund anyone: the cases keep waiting visibly until a reviewer refuses them.
      if (error instanceof DomainError && error.code === 'conflict' && /is closed/.test(error.message)) return 'closed';
      throw error;
    }
  }
}
