import { JOB_QUEUE, JobItem } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { owedFromOutbox, owedParams } from './owed-jobs';

/**
 * Writes a job to the outbox inside the caller's transaction: it is published only if the change commits,
 * and it is never lost if Redis is down. `runAt` makes it a delayed job.
 */
export async function enqueue(manager: EntityManager, job: JobItem, runAt?: Date): Promise<string> {
  // Messages and webhook tries are also recorded as owed, so a Redis that loses their job cannot lose them.
  const [id] = await enqueueAll(manager, [{ job, runAt }]);
  return id;
}

/**
 * Writes several jobs to the outbox in one statement (one round trip), inside the caller's transaction; ids in
 * the order given. What `enqueue` does for one.
 */
export async function enqueueAll(manager: EntityManager, jobs: { job: JobItem; runAt?: Date }[]): Promise<string[]> {
  if (jobs.length === 0) return [];
  // As in `enqueue`, the messages among them are owed until a worker has sent them: recorded in the same statement.
  const rows: { id: string }[] = await manager.query(
    `WITH ob AS (
       INSERT INTO outbox (queue, job_name, payload, run_at)
       SELECT q, n, p, COALESCE(r, now()) FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) WITH ORDINALITY AS t(q, n, p, r, i)
        ORDER BY i RETURNING id, job_name, payload),
     ow AS (${owedFromOutbox('ob', '$5', '$6')})
     SELECT id FROM ob ORDER BY id`,
    [jobs.map((j) => JOB_QUEUE[j.job.name]), jobs.map((j) => j.job.name), jobs.map((j) => JSON.stringify(j.job.data)), jobs.map((j) => j.runAt ?? null),
      ...owedParams()],
  );
  return rows.map((r) => r.id);
}
