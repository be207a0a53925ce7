import { JobName } from '@app/contracts';

/**
 * The jobs whose loss in Redis nothing in PostgreSQL would reveal, with the payload field naming their
 * subject: a transition's messages (and the webhook deliveries it writes), those of an import batch's offers,
 * and each try of a webhook delivery or an e-mail.
 * The others are found again from the state they move on (the reconciler, the SLA sweep).
 */
export const OWED_JOBS: Partial<Record<JobName, string>> = {
  [JobName.NotifyTransition]: 'transitionId',
  [JobName.NotifyOfferBatch]: 'batchId',
  [JobName.DeliverWebhook]: 'deliveryId',
  [JobName.DeliverEmail]: 'deliveryId',
};

export function owedSubject(job: { name: string; data: unknown }): string | null {
  const field = OWED_JOBS[job.name as JobName];
  if (!field || typeof job.data !== 'object' || job.data === null) return null;
  const value = (job.data as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}

const OWED = Object.entries(OWED_JOBS) as [string, string][];

/**
 * A data-modifying CTE step that records as owed the jobs among `cte`'s rows (an `INSERT INTO outbox … RETURNING id,
 * job_name, payload`), so a multi-row outbox insert and its owed records are one statement. Its two parameters
 * (`$names`, `$fields`) are `owedParams()`.
 */
export function owedFromOutbox(cte: string, names: string, fields: string): string {
  return `INSERT INTO owed_jobs (job_name, subject_id, outbox_id)
  SELECT DISTINCT ON (${cte}.job_name, ${cte}.payload->>o.f) ${cte}.job_name, (${cte}.payload->>o.f)::uuid, ${cte}.id
    FROM ${cte} JOIN unnest(${names}::text[], ${fields}::text[]) AS o(n, f) ON o.n = ${cte}.job_name
   WHERE ${cte}.payload->>o.f IS NOT NULL
   ORDER BY ${cte}.job_name, ${cte}.payload->>o.f, ${cte}.id DESC
  ON CONFLICT (job_name, subject_id) DO UPDATE SET outbox_id = GREATEST(owed_jobs.outbox_id, EXCLUDED.outbox_id)`;
}

/** The parameters of `owedFromOutbox`: the owed jobs' names and the payload field naming each one's subject. */
export function owedParams(): [string[], string[]] {
  return [OWED.map(([name]) => name), OWED.map(([, field]) => field)];
}

/**
 * The job a worker runs, as an owed job's handler sees it: the outbox row that carried it (null: a job not from
 * the outbox), and `settled`, which a handler sets when its own statement settled the owed row (`settleOwedStep`)
 * so the worker does not settle it again.
 */
export interface JobRun {
  readonly outboxId: string | null;
  settled: boolean;
}

/**
 * The DELETE that settles an owed job, with SQL expressions for its name, its subject (uuid) and the outbox id
 * (bigint, or NULL) — a data-modifying CTE step of a handler's own write, or a statement of its own.
 */
export function settleOwedStep(name: string, subject: string, outboxId: string): string {
  return `DELETE FROM owed_jobs WHERE job_name = ${name} AND subject_id = ${subject} AND (${outboxId} IS NULL OR outbox_id <= ${outboxId})`;
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
  await query(settleOwedStep('$1', '$2::uuid', '$3::bigint'), [job.name, subject, outboxId]);
}
