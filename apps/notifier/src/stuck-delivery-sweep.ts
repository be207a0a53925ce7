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
 * The reconciler of webhook deliveries: a pending delivery whose try is long overdue and has no unpublished
 * job lost its job (Redis flushed or failed over): give it a new one. Runs where the notifier queue is
 * consumed; SKIP LOCKED lets several notifiers share it. A job that was only slow may then send twice —
 * receivers deduplicate on X-Delivery-Id, and the compare-and-set on the tries records one.
 */
@Injectable()
export class StuckDeliverySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StuckDeliverySweep.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.consume.includes(QueueName.Notifier)) return;
    this.timer = setInterval(() => {
      this.run().catch((e: Error) => this.logger.warn(`webhook sweep: ${e.message}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-schedules up to one batch of deliveries that lost their job; returns how many. */
  async run(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const stuck: { id: string }[] = await manager.query(
        `SELECT d.id FROM webhook_deliveries d
          WHERE d.status = 'pending' AND d.next_attempt_at < now() - $1::interval
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL AND o.job_name = $2
                              AND o.payload->>'deliveryId' = d.id::text)
          ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE OF d SKIP LOCKED`,
        [GRACE, JobName.DeliverWebhook, BATCH],
      );
      for (const { id } of stuck) {
        await manager.query('UPDATE webhook_deliveries SET next_attempt_at = now() WHERE id = $1', [id]);
        await enqueue(manager, { name: JobName.DeliverWebhook, data: { deliveryId: id } });
      }
      if (stuck.length) this.logger.warn(`re-scheduled ${stuck.length} webhook deliveries whose job was lost`);
      return stuck.length;
    });
  }
}
