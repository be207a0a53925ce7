import { Injectable } from '@nestjs/common';
import { isReviewStage } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEvent } from './webhook-deliveries';

/**
 * The reviewers' side of the inbox. A task created for a role and district reaches exactly the people who may
 * decide it — that role, that district or city-wide, no declared conflict with the enterprise, and not
 * barred by four eyes; an expert panel reaches the experts drawn. A case that ends approved or refused
 * reaches everyone who decided or scored a step of it. Unique per account and source, so retries write once.
 */
@Injectable()
export class ReviewerMessages {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * For a case that entered a review stage: one message per eligible reviewer of each task of that entry that
   * exists now. The job that creates a stage's work notifies the entry again in its own transaction, so
   * messages follow the tasks whichever job runs first.
   */
  async tasksCreated(change: CaseEvent & { seq: number }): Promise<number> {
    if (!isReviewStage(change.to)) return 0;
    if (change.to === 'expert_review') {
      const written: unknown[] = await this.dataSource.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT s.expert_id, s.id::text, s.application_id, 'task.created', $2 FROM expert_seats s
          WHERE s.entered_transition_id = $1
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [change.transitionId, `You were drawn for the expert panel (专家评审) of a ${change.programCode} case.`],
      );
      return written.length;
    }
    // Staff only (accounts with no enterprise, by the index on enterprise_id): a population of enterprises
    // never candidates for a task, and only this case's own tasks for four eyes, so the cost does not grow
    // with the number of enterprises or with the history of every case.
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
       SELECT acc.id, t.id::text, t.application_id, 'task.created',
              'A ' || $2 || ' case waits for your ' || t.stage || ' review (due ' || COALESCE(to_char(t.due_on, 'YYYY-MM-DD'), 'open') || ').'
         FROM review_tasks t
         JOIN applications a ON a.id = t.application_id
         JOIN accounts acc ON acc.enterprise_id IS NULL AND t.candidate_role = ANY(acc.roles)
              AND (t.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = t.region_code)
              AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids))
        WHERE t.entered_transition_id = $1
          AND NOT EXISTS (SELECT 1 FROM review_tasks d
                           WHERE d.application_id = t.application_id AND d.decided_by = acc.id AND d.id <> t.id
                             AND (d.stage <> t.stage OR d.entered_transition_id = t.entered_transition_id))
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
      [change.transitionId, change.programCode],
    );
    return written.length;
  }

  /** For a case approved or refused: the people who decided or scored a step of it, but not the one who just did. */
  async outcome(manager: EntityManager, change: CaseEvent & { actorAccountId: string | null }): Promise<number> {
    if (change.to !== 'approved' && change.to !== 'refused') return 0;
    const word = change.to === 'approved' ? 'approved (办结)' : 'refused';
    const written: unknown[] = await manager.query(
      `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
       SELECT DISTINCT who, $1, $2::uuid, $3, $4 FROM (
         SELECT decided_by AS who FROM review_tasks WHERE application_id = $2 AND decided_by IS NOT NULL
         UNION SELECT expert_id FROM expert_seats WHERE application_id = $2 AND submitted_at IS NOT NULL
       ) people WHERE who IS DISTINCT FROM $5::uuid
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
      [change.transitionId, change.applicationId, `decided.${change.to}`,
        `A ${change.programCode} case you decided was ${word}.`, change.actorAccountId],
    );
    return written.length;
  }
}
