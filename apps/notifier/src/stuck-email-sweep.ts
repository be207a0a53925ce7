import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName } from '@app/contracts';
import { enqueue } from '@app/persistence';
import { QUEUE_OPTIONS, QueueModuleOptions } from '@app/queue';
import { DataSource } from 'typeorm';

/** How late a pending delivery's try must be before its job counts as lost (a backlog is not a loss). */
const GRACE = '5 minutes';
const EVERY_MS = 60_000;
const BATCH = 100;

/**
 * The reconciler of e-mail deliveries, as StuckDeliverySweep is of webhooks: a pending delivery whose try is long
 * overdue and has no unpublished job lost it (Redis flushed or failed over, and the owed record settled); one whose
 * claim lapsed lost the notifier that held it (killed mid-try). Either gets a new job. Runs where the notifier queue
 * is consumed; SKIP LOCKED lets several notifiers share it. A lapsed claim may hide a mail that was sent but not
 * recorded: the resend carries the same Message-ID.
 */
@Injectable()
export class StuckEmailSweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StuckEmailSweep.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.consume.includes(QueueName.Notifier)) return;
    this.timer = setInterval(() => {
      this.run().catch((e: Error) => this.logger.warn(`e-mail sweep: ${e.message}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-schedules up to one batch of deliveries that lost their job or their sender; returns how many. */
  async run(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const stuck: { id: string }[] = await manager.query(
        `SELECT d.id FROM email_deliveries d
          WHERE ((d.status = 'pending' AND d.next_attempt_at < now() - $1::interval) OR (d.status = 'sending' AND d.claimed_until < now()))
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL AND o.job_name = $2
                              AND o.payload->>'deliveryId' = d.id::text)
          ORDER BY d.next_attempt_at NULLS FIRST LIMIT $3 FOR UPDATE OF d SKIP LOCKED`,
        [GRACE, JobName.DeliverEmail, BATCH],
      );
      for (const { id } of stuck) {
        await manager.query(
          `UPDATE email_deliveries SET status = 'pending', claimed_until = NULL, next_attempt_at = now() WHERE id = $1`,
          [id],
        );
        await enqueue(manager, { name: JobName.DeliverEmail, data: { deliveryId: id } });
      }
      if (stuck.length) this.logger.warn(`re-scheduled ${stuck.length} e-mail deliveries whose job or sender was lost`);
      return stuck.length;
    });
  }
}
