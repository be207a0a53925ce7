import { Injectable } from '@nestjs/common';
import { CaseRef, isReviewStage, messagesIn } from '@app/domain';
import { loadCaseFacts } from '@app/persistence';
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
    const { ref } = await loadCaseFacts(this.dataSource.manager, change.applicationId);
    if (change.to === 'expert_review') {
      const written: unknown[] = await this.dataSource.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT s.expert_id, s.id::text, s.application_id, 'task.created', CASE acc.language WHEN 'en' THEN $3 ELSE $2 END
           FROM expert_seats s JOIN accounts acc ON acc.id = s.expert_id
          WHERE s.entered_transition_id = $1
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [change.transitionId, messagesIn('zh-CN').expertDrawn(ref), messagesIn('en').expertDrawn(ref)],
      );
      return written.length;
    }
    const tasks: { id: string; stage: string; due_on: string | null }[] = await this.dataSource.query(
      `SELECT id, stage, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM review_tasks WHERE entered_transition_id = $1`,
      [change.transitionId],
    );
    let count = 0;
    for (const task of tasks) count += await this.taskCreated(task, ref);
    return count;
  }

  /**
   * One task's message to everyone who may take it, each in their language: the case, the stage, the due day.
   * Staff only (accounts with no enterprise, by the index on enterprise_id): a population of enterprises is never
   * candidates for a task, and only this case's own tasks count for four eyes, so the cost does not grow with the
   * number of enterprises or with the history of every case.
   */
  private async taskCreated(task: { id: string; stage: string; due_on: string | null }, ref: CaseRef): Promise<number> {
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
       SELECT acc.id, t.id::text, t.application_id, 'task.created', CASE acc.language WHEN 'en' THEN $3 ELSE $2 END
         FROM review_tasks t
         JOIN applications a ON a.id = t.application_id
         JOIN accounts acc ON acc.enterprise_id IS NULL AND t.candidate_role = ANY(acc.roles)
              AND (t.region_code IS NULL OR acc.region_code IS NULL OR acc.region_code = t.region_code)
              AND NOT (a.enterprise_id = ANY(acc.conflict_enterprise_ids))
        WHERE t.id = $1
          AND NOT EXISTS (SELECT 1 FROM review_tasks d
                           WHERE d.application_id = t.application_id AND d.decided_by = acc.id AND d.id <> t.id
                             AND (d.stage <> t.stage OR d.entered_transition_id = t.entered_transition_id))
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
      [task.id, messagesIn('zh-CN').taskCreated(ref, task.stage, task.due_on), messagesIn('en').taskCreated(ref, task.stage, task.due_on)],
    );
    return written.length;
  }

  /** For a case approved or refused: the people who decided or scored a step of it, but not the one who just did. */
  async outcome(manager: EntityManager, change: CaseEvent & { actorAccountId: string | null }): Promise<number> {
    // A change in place (an approved case's amount reduced) decides nothing: the deciders heard of it already.
    if ((change.to !== 'approved' && change.to !== 'refused') || change.from === change.to) return 0;
    const { ref } = await loadCaseFacts(manager, change.applicationId);
    const written: unknown[] = await manager.query(
      `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
       SELECT DISTINCT who, $1, $2::uuid, $3, CASE acc.language WHEN 'en' THEN $6 ELSE $4 END FROM (
         SELECT decided_by AS who FROM review_tasks WHERE application_id = $2 AND decided_by IS NOT NULL
         UNION SELECT expert_id FROM expert_seats WHERE application_id = $2 AND submitted_at IS NOT NULL
       ) people JOIN accounts acc ON acc.id = people.who WHERE who IS DISTINCT FROM $5::uuid
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
      [change.transitionId, change.applicationId, `decided.${change.to}`,
        messagesIn('zh-CN').decided(ref, change.to), change.actorAccountId, messagesIn('en').decided(ref, change.to)],
    );
    return written.length;
  }
}
