import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/** How long a case may sit in a state that a job moves on before the reconciler assumes the job was lost. */
export const STUCK_AFTER_SECONDS = 60;

/**
 * Jobs live in Redis, truth in PostgreSQL. When Redis loses a job after the relay published it (a flush, a
 * restart without persistence), the case waits in a state only that job moves on: submitted and never screened,
 * or in a review stage with no task. The reconciler finds such cases from PostgreSQL alone and queues the job
 * again under a deterministic id; the handlers re-read and do nothing if the state moved on meanwhile.
 */
@Injectable()
export class WorkflowReconciler {
  private readonly logger = new Logger(WorkflowReconciler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  async reconcile(limit = 500): Promise<{ screened: number; entered: number }> {
    const unscreened: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM applications
        WHERE status = 'submitted' AND updated_at < now() - make_interval(secs => $1) LIMIT $2`,
      [STUCK_AFTER_SECONDS, limit],
    );
    for (const row of unscreened) {
      await this.queues.add(
        { name: JobName.ScreenApplication, data: { applicationId: row.id } },
        { jobId: jobIdOf('reconcile', 'screen', row.id, row.version) },
      );
    }
    // A case in a review stage has its work: a task for the transition that entered it (a panel for experts).
    const workless: { id: string; transition_id: string }[] = await this.dataSource.query(
      `SELECT a.id, t.id AS transition_id FROM applications a
         JOIN transitions t ON t.application_id = a.id AND t.seq = a.version
        WHERE a.status IN ('acceptance', 'formal_review', 'expert_review', 'recheck')
          AND a.updated_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM review_tasks rt WHERE rt.entered_transition_id = t.id)
          AND NOT EXISTS (SELECT 1 FROM expert_seats es WHERE es.entered_transition_id = t.id)
        LIMIT $2`,
      [STUCK_AFTER_SECONDS, limit],
    );
    for (const row of workless) {
      await this.queues.add(
        { name: JobName.EnterStage, data: { applicationId: row.id, transitionId: row.transition_id } },
        { jobId: jobIdOf('reconcile', 'enter', row.transition_id) },
      );
    }
    if (unscreened.length || workless.length) {
      this.logger.warn(
        `re-queued lost work: ${unscreened.length} screenings, ${workless.length} stage entries`,
      );
    }
    return { screened: unscreened.length, entered: workless.length };
  }
}
