import { BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { ALL_QUEUES, JobItem, JobName, QueueName } from '@app/contracts';
import { JOB_QUEUE } from '@app/contracts';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DEFAULT_JOB_OPTIONS, QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { createRedis } from './redis';

/** The typed producer: the only way code puts a job on a queue. */
@Injectable()
export class QueueService implements BeforeApplicationShutdown {
  readonly redis: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(QUEUE_OPTIONS) readonly options: QueueModuleOptions) {
    this.redis = createRedis(options.redisUrl, 'producer');
    for (const name of ALL_QUEUES) {
      this.queues.set(
        name,
        new Queue(name, { connection: this.redis, prefix: options.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
      );
    }
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
    this.redis.disconnect();
  }
}
