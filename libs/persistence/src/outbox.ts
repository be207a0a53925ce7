import { JOB_QUEUE, JobItem } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { owedFromOutbox, owedParams } from './owed-jobs';

/**
 * Writes a job to the outbox inside the caller's transaction: it is published only if the change commits,
 * and it is never lost if Redis is down. `runAt` makes it a delayed job.
 */
export async function enqueue(manager: EntityManager, job: JobItem, runAt?: Date): Promise<string> {
  // Messages and webhook and e-mail tries are also recorded as owed, so a Redis that loses their job cannot lose them.
  const [id] = await enqueueAll(manager, [{ job, runAt }]);
  return id;
}

/**
 * Writes several jobs to the outbox in one statement (one round trip), inside the caller's transaction; ids in
 * the order given. What `enqueue` does for one.
 */
export async function enqueueAll(manager: EntityManager, jobs: { job: JobItem; runAt?: Date }[]): Promise<string[]> {
  if (jobs.length === 0) return [];
  const rows: { id: string }[] = await manager.query(
    `WITH ${outboxWrites('$1', '$2', '$3', '$4', '$5', '$6')}`,
    [...outboxParams(jobs), ...owedParams()],
  );
  return rows.map((r) => r.id);
}

/**
 * The tail of a WITH statement that writes `outboxParams(jobs)` (parameters `queues`…`runAts`) to the outbox
 * and, as in `enqueue`, records the messages among them as owed until a worker has sent them (`owedParams()`, as
 * `names` and `fields`); it ends with the main query, the new outbox ids in the order given. Other CTEs may come
 * before it, so a change and its jobs are one statement. `keep`: an SQL condition over a job's name `n`; only the
 * jobs it holds for are written.
 */
export function outboxWrites(
  queues: string, names: string, payloads: string, runAts: string, owedNames: string, owedFields: string, keep?: string,
): string {
  return `${outboxSteps(queues, names, payloads, runAts, owedNames, owedFields, keep)}
     SELECT id FROM ob ORDER BY id`;
}

/** `outboxWrites` without its main query: the CTEs `ob` and `ow`, for a statement whose main query is another. */
export function outboxSteps(
  queues: string, names: string, payloads: string, runAts: string, owedNames: string, owedFields: string, keep?: string,
): string {
  return `ob AS (
       INSERT INTO outbox (queue, job_name, payload, run_at)
       SELECT q, n, p, COALESCE(r, now()) FROM unnest(${queues}::text[], ${names}::text[], ${payloads}::jsonb[], ${runAts}::timestamptz[]) WITH ORDINALITY AS t(q, n, p, r, i)
        ${keep ? `WHERE ${keep}` : ''} ORDER BY i RETURNING id, job_name, payload),
     ow AS (${owedFromOutbox('ob', owedNames, owedFields)})`;
}

/** The four parameters of `outboxWrites` for `jobs`: queues, job names, payloads, run-at times. */
export function outboxParams(jobs: readonly { job: JobItem; runAt?: Date }[]): [string[], string[], string[], (Date | null)[]] {
  return [jobs.map((j) => JOB_QUEUE[j.job.name]), jobs.map((j) => j.job.name), jobs.map((j) => JSON.stringify(j.job.data)), jobs.map((j) => j.runAt ?? null)];
}
