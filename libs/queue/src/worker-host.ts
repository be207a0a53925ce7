import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { JobName, jobsOfQueue, payloadProblems, QueueName } from '@app/contracts';
import { DomainError } from '@app/domain';
import { JobRun, settleOwed } from '@app/persistence';
import { DataSource } from 'typeorm';
import { createPostgresBackend, Job, UnrecoverableError, Worker } from 'bullmq';
import { ON_JOB } from './on-job.decorator';
import { MAX_STALLED, QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { checkEvictionPolicy, createRedis } from './redis';
import { postgresQueueConnection, QueueService } from './queue.service';
import { JobMetrics } from './job-metrics';
import { RequestsFirst } from './requests-first';
import { IntakeSurge } from './intake-surge';
import { SpillOver } from './spill-over';
import { workerName } from './worker-name';

type Handler = (data: object, run: JobRun) => Promise<unknown>;

export class HandlerDiscoveryError extends Error {}

/**
 * Finds every `@OnJob` handler and runs one BullMQ worker per consumed queue. Refuses to boot when a job of a
 * consumed queue has no handler or two: a job that nobody handles would sit forever.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerHost.name);
  private readonly workers: Worker[] = [];
  private handlers = new Map<string, Handler>();

  constructor(
    @Inject(QUEUE_OPTIONS) private readonly options: QueueModuleOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queues: QueueService,
    private readonly metrics: JobMetrics,
    private readonly dataSource: DataSource,
    private readonly requestsFirst: RequestsFirst,
    private readonly surge: IntakeSurge,
    private readonly spill: SpillOver,
  ) {}

  discoverHandlers(): Map<string, Handler> {
    const found = new Map<string, Handler[]>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const name = this.reflector.get<JobName | undefined>(ON_JOB, fn as () => unknown);
        if (!name) continue;
        found.set(name, [...(found.get(name) ?? []), (fn as Handler).bind(instance)]);
      }
    }
    const problems: string[] = [];
    for (const [name, list] of found) if (list.length > 1) problems.push(`job ${name} has ${list.length} handlers`);
    for (const queue of this.options.consume) {
      for (const name of jobsOfQueue(queue)) if (!found.has(name)) problems.push(`job ${name} has no handler`);
    }
    if (problems.length) throw new HandlerDiscoveryError(`Job handlers: ${problems.join('; ')}`);
    return new Map([...found].map(([name, list]) => [name, list[0]]));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.handlers = this.discoverHandlers();
    if (this.options.consume.length === 0) return;
    if (this.queues.redis) await checkEvictionPolicy(this.queues.redis, this.options.production, (m) => this.logger.warn(m));
    for (const queue of this.options.consume) {
      const worker = this.startWorker(queue);
      this.workers.push(worker);
      if (this.spill.governs(queue)) await this.spill.govern(worker);
    }
    this.logger.log(`workers running for ${this.options.consume.join(', ')}`);
  }

  private startWorker(queue: QueueName): Worker {
    const common = {
      concurrency: this.options.concurrency,
      lockDuration: this.options.lockMs,
      stalledInterval: this.options.lockMs,
      maxStalledCount: MAX_STALLED,
      // Recorded on each job (processedBy): shows which process did the work.
      name: workerName(),
      // A governed queue's worker runs when SpillOver says so (at once where this process leads).
      autorun: !this.spill.governs(queue),
    };
    const processor = async (job: Job) => {
      await this.surge.hold(queue, job.timestamp);
      const done = await this.requestsFirst.admit();
      try {
        return await this.process(job);
      } finally {
        done();
      }
    };
    const worker = this.options.redisUrl
      ? new Worker(queue, processor, { ...common, connection: createRedis(this.options.redisUrl, 'worker'), prefix: this.options.prefix })
      : (new Worker(queue, processor, { ...common, connection: postgresQueueConnection(this.options) }, createPostgresBackend) as unknown as Worker);
    worker.on('failed', (job, error) => {
      const final = !job || error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) {
        this.metrics.failed(queue, job?.name ?? 'unknown');
        this.logger.error(`job ${job?.name}#${job?.id} failed for good: ${error.message}`);
      } else {
        this.logger.warn(`job ${job?.name}#${job?.id} failed (attempt ${job?.attemptsMade}), will retry: ${error.message}`);
      }
    });
    worker.on('error', (error) => this.logger.error(`worker ${queue}: ${error.message}`));
    return worker;
  }

  /** Re-validates the payload (Redis is not trusted) and maps domain errors: a broken rule is never retried. */
  async process(job: Job): Promise<unknown> {
    const bad = payloadProblems(job.name, job.data);
    if (bad === null) throw new UnrecoverableError(`unknown job name ${job.name}`);
    if (bad.length) throw new UnrecoverableError(`malformed payload for ${job.name}: ${bad.join('; ')}`);
    const handler = this.handlers.get(job.name);
    if (!handler) throw new UnrecoverableError(`no handler for ${job.name} in this process`);
    const started = process.hrtime.bigint();
    try {
      const run: JobRun = { outboxId: /^ob-(\d+)$/.exec(String(job.id))?.[1] ?? null, settled: false };
      const result = await handler(job.data as object, run);
      // An owed effect (a message, a webhook try) is done: the sweep no longer watches for its job (unless the
      // handler's own write settled it).
      if (!run.settled) await settleOwed((sql, params) => this.dataSource.query(sql, params), job, run.outboxId);
      this.metrics.completed(job.queueName, job.name, Number(process.hrtime.bigint() - started) / 1e9);
      return result ?? null;
    } catch (error) {
      if (error instanceof DomainError && error.code !== 'conflict') throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.surge.stop();
    await this.spill.stop();
    // close() lets active jobs finish, so a deploy does not leave half-done work to lapse its lock.
    await Promise.all(this.workers.map((w) => w.close().catch(() => undefined)));
  }
}
