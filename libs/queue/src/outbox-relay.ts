import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JobName, QueueName } from '@app/contracts';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';

const BATCH = 500;
/**
 * A notification wakes the relay this much later, so the commits of those few milliseconds go out in one batch
 * (one transaction, one addBulk per queue) instead of one each.
 */
const COALESCE_MS = 5;

interface OutboxRow {
  id: string;
  queue: QueueName;
  job_name: JobName;
  payload: object;
  /** bigint: a timer weeks ahead is more milliseconds than an int holds. */
  delay_ms: string;
}

/**
 * Publishes outbox rows to BullMQ with `jobId = ob-<outbox id>`. Rows are claimed with SKIP LOCKED, so many
 * relays share the work; a row is marked published only in the transaction that saw BullMQ accept it, so a
 * crash in between publishes it again under the same id (BullMQ ignores the duplicate, the inbox the rest).
 * LISTEN/NOTIFY wakes it at once; polling covers a lost notification.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private listener: Client | null = null;
  /** Set by a notification: the next pass first looks (one statement, no transaction) whether anything is left. */
  private notified = false;

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.options.relay) return;
    this.running = true;
    await this.listen().catch((e: Error) => this.logger.warn(`LISTEN unavailable, polling only: ${e.message}`));
    this.loop = this.run();
  }

  private async listen(): Promise<void> {
    const options = this.dataSource.options as { url?: string };
    this.listener = new Client({ connectionString: options.url });
    this.listener.on('error', () => undefined); // a lost listener only slows the relay down to polling
    await this.listener.connect();
    this.listener.on('notification', () => {
      // Heard while publishing: the loop goes round again at once instead of sleeping until the next poll.
      this.notified = true;
      const wake = this.wake;
      if (!wake) return;
      this.wake = null;
      setTimeout(wake, COALESCE_MS);
    });
    await this.listener.query('LISTEN outbox');
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      try {
        // Every relay hears every notification; one of them takes the rows (SKIP LOCKED). The others find out with a
        // read instead of a transaction of three statements.
        const look = this.notified;
        this.notified = false;
        const published = look && !(await this.anythingToPublish()) ? 0 : await this.publishBatch();
        failures = 0;
        if (published === BATCH || this.notified) continue;
      } catch (error) {
        failures++;
        if (failures === 1 || failures % 50 === 0) {
          this.logger.warn(`outbox relay: ${(error as Error).message}; retrying`);
        }
      }
      const pause = failures ? Math.min(5_000, this.options.outboxPollMs * 2 ** Math.min(failures, 5)) : this.options.outboxPollMs;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pause);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async anythingToPublish(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM outbox WHERE published_at IS NULL LIMIT 1');
    return rows.length > 0;
  }

  /** Publishes up to one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        `SELECT id, queue, job_name, payload,
                GREATEST(0, (EXTRACT(EPOCH FROM (run_at - now())) * 1000)::bigint) AS delay_ms
           FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, OutboxRow[]>();
      for (const row of rows) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), row]);
      for (const [queue, list] of byQueue) {
        await this.queues.addBulk(
          queue,
          list.map((r) => ({ name: r.job_name, data: r.payload, jobId: `ob-${r.id}`, delayMs: Number(r.delay_ms) })),
        );
      }
      await manager.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    await this.listener?.end().catch(() => undefined);
  }
}
