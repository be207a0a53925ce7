import { Injectable, Logger } from '@nestjs/common';
import { JOB_QUEUE, JobItem, JobName } from '@app/contracts';
import { enqueue, OWED_JOBS } from '@app/persistence';
import { DataSource } from 'typeorm';
import { QueueService } from './queue.service';

/**
 * How long a published job may be on its way before its absence from the queue counts as lost: a job just
 * published is in Redis (or the relay's `addBulk` is still writing it), and a look at every job in flight each
 * second cost a Redis command per job and second under load; a lost one waits this long more.
 */
const IN_FLIGHT_SECONDS = 5;

/**
 * How often a process looks (the sweep runs every second): a look asks Redis about every owed job published over
 * IN_FLIGHT_SECONDS ago — under load a backlog of thousands, each waiting in its queue as it should — while a loss
 * (a flushed or failed-over Redis) is rare, and its jobs come back at most this much later.
 */
const LOOK_EVERY_MS = 10_000;

interface OwedRow {
  job_name: JobName;
  subject_id: string;
  outbox_id: string;
  /** The outbox row's time, when it is still ahead (a webhook retry's backoff). */
  run_at: Date | null;
}

/**
 * Queues again what Redis lost of the owed jobs (`owed_jobs`: messages, webhook and e-mail tries). A job is lost
 * when its effect is still owed, its outbox row was published over IN_FLIGHT_SECONDS ago (or is gone), and the queue holds no job
 * `ob-<outbox id>` in any state — waiting, delayed, active, completed or failed. A job that was running when
 * Redis lost its keys leaves a remnant when its worker finishes it (a hash with no name or data, "failed for
 * good: unknown job name"): that is no job, and its effect is queued again too. It is queued again through
 * the outbox, in a transaction that re-reads the owed row, so two sweeps do not both re-queue it; the
 * handlers are idempotent (unique per recipient and transition, compare-and-set on each try) in any case.
 */
@Injectable()
export class LostJobs {
  private readonly logger = new Logger(LostJobs.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  private lastLook = 0;

  async requeue(limit = 1_000): Promise<number> {
    if (Date.now() - this.lastLook < LOOK_EVERY_MS) return 0;
    this.lastLook = Date.now();
    const rows: OwedRow[] = await this.dataSource.query(
      `SELECT w.job_name, w.subject_id, w.outbox_id, CASE WHEN o.run_at > now() THEN o.run_at END AS run_at
         FROM owed_jobs w LEFT JOIN outbox o ON o.id = w.outbox_id
        WHERE o.id IS NULL OR o.published_at < now() - make_interval(secs => $2)
        ORDER BY w.outbox_id LIMIT $1`,
      [limit, IN_FLIGHT_SECONDS],
    );
    if (rows.length === 0) return 0;
    const held = await this.heldByQueue(rows);
    const lost = rows.filter((_, i) => !held[i]);
    let requeued = 0;
    for (const row of lost) {
      const again = await this.dataSource.transaction(async (manager) => {
        const still: unknown[] = await manager.query(
          'SELECT 1 FROM owed_jobs WHERE job_name = $1 AND subject_id = $2 AND outbox_id = $3 FOR UPDATE SKIP LOCKED',
          [row.job_name, row.subject_id, row.outbox_id],
        );
        if (!still.length) return false;
        const job = { name: row.job_name, data: { [OWED_JOBS[row.job_name] as string]: row.subject_id } } as JobItem;
        await enqueue(manager, job, row.run_at ?? undefined);
        return true;
      });
      if (again) requeued++;
    }
    if (requeued) this.logger.warn(`re-queued ${requeued} owed jobs that Redis lost (messages, webhook and e-mail tries)`);
    return requeued;
  }

  /** For each row, whether its queue holds the job (a hash with its name, not a remnant), in one round trip on Redis. */
  private async heldByQueue(rows: OwedRow[]): Promise<boolean[]> {
    const redis = this.queues.redis;
    if (!redis) {
      return Promise.all(rows.map(async (r) => !!(await this.queues.queue(JOB_QUEUE[r.job_name]).getJob(`ob-${r.outbox_id}`))?.name));
    }
    const pipeline = redis.pipeline();
    for (const r of rows) pipeline.hexists(this.queues.queue(JOB_QUEUE[r.job_name]).toKey(`ob-${r.outbox_id}`), 'name');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([error, n]) => {
      if (error) throw error;
      return n === 1;
    });
  }
}
