import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobName, QueueName } from '@app/contracts';
import { enqueue } from '@app/persistence';
import { QueueModuleOptions } from '@app/queue';
import { DataSource } from 'typeorm';

/** How late a pending delivery's try must be before its job counts as lost (a backlog is not a loss). */
const GRACE = '5 minutes';
const EVERY_MS = 60_000;
const BATCH = 100;

/** One kind of delivery a sweep looks after: its table, when one is lost, and how it is made pending again. */
export interface LostDeliveries {
  /** For the log: "webhook deliveries". */
  what: string;
  table: 'webhook_deliveries' | 'email_deliveries';
  job: JobName.DeliverWebhook | JobName.DeliverEmail;
  /** A delivery (`d`) whose job is lost if none is waiting in the outbox; `$1` is the grace interval. */
  lostWhen: string;
  orderBy: string;
  /** The SET list that makes one pending again, due now. */
  reset: string;
}

/**
 * The reconciler of one kind of delivery: a delivery that should have had a try by now and has no unpublished job
 * lost it (Redis flushed or failed over): give it a new one. Runs every minute where the notifier queue is consumed;
 * SKIP LOCKED lets several notifiers share it. A job that was only slow may then send twice — receivers deduplicate
 * (X-Delivery-Id, Message-ID), and the compare-and-set on the tries records one.
 */
export abstract class LostDeliverySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(this.constructor.name);
  private timer: NodeJS.Timeout | undefined;

  protected constructor(
    private readonly dataSource: DataSource,
    private readonly options: QueueModuleOptions,
    private readonly lost: LostDeliveries,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.consume.includes(QueueName.Notifier)) return;
    this.timer = setInterval(() => {
      this.run().catch((e: Error) => this.logger.warn(`${this.lost.what}: ${e.message}`));
    }, EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-schedules up to one batch of deliveries that lost their job; returns how many. */
  async run(): Promise<number> {
    const { what, table, job, lostWhen, orderBy, reset } = this.lost;
    return this.dataSource.transaction(async (manager) => {
      const stuck: { id: string }[] = await manager.query(
        `SELECT d.id FROM ${table} d
          WHERE (${lostWhen})
            AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.published_at IS NULL AND o.job_name = $2
                              AND o.payload->>'deliveryId' = d.id::text)
          ORDER BY ${orderBy} LIMIT $3 FOR UPDATE OF d SKIP LOCKED`,
        [GRACE, job, BATCH],
      );
      for (const { id } of stuck) {
        await manager.query(`UPDATE ${table} SET ${reset} WHERE id = $1`, [id]);
        await enqueue(manager, { name: job, data: { deliveryId: id } });
      }
      if (stuck.length) this.logger.warn(`re-scheduled ${stuck.length} ${what} whose job was lost`);
      return stuck.length;
    });
  }
}
