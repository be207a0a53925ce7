import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { LapseOfferHandler } from './lapse-offer.handler';

/**
 * The alarm of an import batch's offers, which share their lapse instant: each offer still unconfirmed is lapsed
 * on its own, exactly as its own `lapse-offer` job would (its own transaction; one whose time was moved later by
 * a calendar override is 'not yet', and the SLA sweep comes back for it — as for any offer whose timer was lost).
 * One offer failing does not hold up the others: the job fails after trying them all, and its retry finds the
 * lapsed ones moved on.
 */
@Injectable()
export class LapseOfferBatchHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lapse: LapseOfferHandler,
  ) {}

  @OnJob(JobName.LapseOfferBatch)
  async handle(data: JobPayloads[JobName.LapseOfferBatch]): Promise<string> {
    const open: { application_id: string }[] = await this.dataSource.query(
      `SELECT o.application_id FROM offer_import_batches b
         JOIN offers o ON o.import_id = b.import_id AND o.batch_no = b.batch_no
         JOIN applications a ON a.id = o.application_id
        WHERE b.id = $1 AND a.status = 'awaiting_confirmation'
        ORDER BY o.line`,
      [data.batchId],
    );
    const outcomes: Record<string, number> = {};
    let failure: unknown = null;
    for (const { application_id: applicationId } of open) {
      try {
        const outcome = await this.lapse.handle({ applicationId });
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return Object.entries(outcomes).map(([outcome, n]) => `${outcome} ${n}`).join(', ') || 'none open';
  }
}
