import { Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/**
 * The deadlines that end a state — the 公示's end, the 补正 answer time, a 免申即享 offer's confirmation time —
 * each with the job that acts on it. Their timers are outbox jobs; when one was lost (or the deadline moved
 * earlier after a calendar override), the sweep queues the job again once the deadline has passed. The job
 * re-reads the case and does nothing when it is not due.
 */
const DEADLINES: { name: JobName.EndNotice | JobName.LapseSupplement | JobName.LapseOffer; idPrefix: string; sql: string }[] = [
  {
    name: JobName.EndNotice,
    idPrefix: 'notice',
    sql: `SELECT id, version FROM applications WHERE status = 'public_notice' AND notice_ends_at <= $1 LIMIT $2`,
  },
  {
    name: JobName.LapseSupplement,
    idPrefix: 'supplement',
    sql: `SELECT id, version FROM applications WHERE status = 'supplement' AND supplement_due_at <= $1 LIMIT $2`,
  },
  {
    name: JobName.LapseOffer,
    idPrefix: 'offer-lapse',
    sql: `SELECT a.id, a.version FROM offers o JOIN applications a ON a.id = o.application_id
           WHERE a.status = 'awaiting_confirmation' AND o.lapses_at <= $1 ORDER BY o.lapses_at LIMIT $2`,
  },
];

@Injectable()
export class OverdueDeadlines {
  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  /** Queues the job of every passed deadline (at most `limit` of each kind); returns how many per job name. */
  async requeue(now: Date, limit: number): Promise<Record<string, number>> {
    const queued: Record<string, number> = {};
    for (const deadline of DEADLINES) {
      const due: { id: string; version: number }[] = await this.dataSource.query(deadline.sql, [now, limit]);
      for (const row of due) {
        await this.queues.add(
          { name: deadline.name, data: { applicationId: row.id } },
          { jobId: jobIdOf(deadline.idPrefix, row.id, row.version) },
        );
      }
      queued[deadline.name] = due.length;
    }
    return queued;
  }
}
