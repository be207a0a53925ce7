import { JobItem, JobName } from '@app/contracts';
import { EntityManager } from 'typeorm';

/**
 * The jobs whose loss in Redis nothing in PostgreSQL would reveal, with the payload field naming their
 * subject: a transition's messages (and the webhook deliveries it writes), and each webhook delivery's try.
 * The others are found again from the state they move on (the reconciler, the SLA sweep).
 */
export const OWED_JOBS: Partial<Record<JobName, string>> = {
  [JobName.NotifyTransition]: 'transitionId',
  [JobName.DeliverWebhook]: 'deliveryId',
};

export function owedSubject(job: { name: string; data: unknown }): string | null {
  const field = OWED_JOBS[job.name as JobName];
  if (!field || typeof job.data !== 'object' || job.data === null) return null;
  const value = (job.data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

/** Records, in the caller's transaction, that the job of outbox row `outboxId` is owed until a worker has done it. */
export async function recordOwed(manager: EntityManager, job: JobItem, outboxId: string): Promise<void> {
  const subject = owedSubject(job);
  if (!subject) return;
  await manager.query(
    `INSERT INTO owed_jobs (job_name, subject_id, outbox_id) VALUES ($1, $2, $3)
     ON CONFLICT (job_name, subject_id) DO UPDATE SET outbox_id = GREATEST(owed_jobs.outbox_id, EXCLUDED.outbox_id)`,
    [job.name, subject, outboxId],
  );
}

/**
 * A worker did the job carried by outbox row `outboxId` (null: a job not from the outbox): the effect is no
 * longer owed — unless a later outbox row owes it again (a retry scheduled by the job itself).
 */
export async function settleOwed(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  job: { name: string; data: unknown },
  outboxId: string | null,
): Promise<void> {
  const subject = owedSubject(job);
  if (!subject) return;
  await query(
    `DELETE FROM owed_jobs WHERE job_name = $1 AND subject_id = $2 AND ($3::bigint IS NULL OR outbox_id <= $3::bigint)`,
    [job.name, subject, outboxId],
  );
}
