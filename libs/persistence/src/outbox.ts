import { JOB_QUEUE, JobItem } from '@app/contracts';
import { EntityManager } from 'typeorm';
import { recordOwed } from './owed-jobs';

/**
 * Writes a job to the outbox inside the caller's transaction: it is published only if the change commits,
 * and it is never lost if Redis is down. `runAt` makes it a delayed job.
 */
export async function enqueue(manager: EntityManager, job: JobItem, runAt?: Date): Promise<string> {
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO outbox (queue, job_name, payload, run_at) VALUES ($1, $2, $3, COALESCE($4, now())) RETURNING id`,
    [JOB_QUEUE[job.name], job.name, job.data, runAt ?? null],
  );
  // Messages and webhook tries are also recorded as owed, so a Redis that loses their job cannot lose them.
  await recordOwed(manager, job, rows[0].id);
  return rows[0].id;
}

/**
 * Records that `consumer` handled `messageId`, in the transaction of its effect. Returns false when it was
 * handled before, so the caller does nothing the second time (BullMQ delivers at least once).
 */
export async function claimInbox(manager: EntityManager, consumer: string, messageId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO inbox (consumer, message_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1`,
    [consumer, messageId],
  );
  return rows.length === 1;
}
