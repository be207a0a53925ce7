import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ALL_QUEUES, JobItem, JobName, QueueName } from '@app/contracts';
import { JOB_QUEUE } from '@app/contracts';
import { createPostgresBackend, Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DEFAULT_JOB_OPTIONS, QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { createRedis } from './redis';

/** The typed producer: the only way code puts a job on a queue. */
@Injectable()
export class QueueService implements BeforeApplicationShutdown {
  /** Null when the queues run on PostgreSQL (embedded mode without a redis-server binary). */
  readonly redis: IORedis | null;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(QUEUE_OPTIONS) readonly options: QueueModuleOptions) {
    this.redis = options.redisUrl ? createRedis(options.redisUrl, 'producer') : null;
    for (const name of ALL_QUEUES) {
      const queue = this.redis
        ? new Queue(name, { connection: this.redis, prefix: options.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })
        : new Queue(name, { connection: postgresQueueConnection(options), defaultJobOptions: DEFAULT_JOB_OPTIONS }, createPostgresBackend);
      this.queues.set(name, queue as Queue);
    }
  }

  /** Whether the queue store answers (Redis PING, or a count on the PostgreSQL backend). */
  async ping(): Promise<void> {
    if (this.redis) await this.redis.ping();
    else await this.queue(QueueName.Workflow).getJobCounts('waiting');
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`unknown queue ${name}`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Adds one job. A job with an id that already exists is not added again (BullMQ keeps the first). */
  async add(job: JobItem, options: { jobId: string; delayMs?: number }): Promise<void> {
    await this.queue(JOB_QUEUE[job.name]).add(job.name, job.data, {
      jobId: options.jobId,
      delay: options.delayMs && options.delayMs > 0 ? options.delayMs : undefined,
    });
  }

  async addBulk(
    queue: QueueName,
    jobs: { name: JobName; data: object; jobId: string; delayMs: number }[],
  ): Promise<void> {
    await this.queue(queue).addBulk(
      jobs.map((j) => ({ name: j.name, data: j.data, opts: { jobId: j.jobId, delay: j.delayMs > 0 ? j.delayMs : undefined } })),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close().catch(() => undefined)));
    this.redis?.disconnect();
  }
}

/**
 * BullMQ's PostgreSQL backend, in a schema of its own (with the queue prefix, so tests and tenants stay apart).
 * Slower than Redis and its `waitUntilFinished` is unreliable (docs/STACK.md): the fallback when no Redis exists.
 */
export function postgresQueueConnection(options: QueueModuleOptions) {
  return { connectionString: options.databaseUrl, schema: postgresQueueSchema(options.prefix), max: 5, migrate: true };
}

export function postgresQueueSchema(prefix: string): string {
  return `bullmq_${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
}
