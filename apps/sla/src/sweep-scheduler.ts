import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, QueueName } from '@app/contracts';
import { QueueService } from '@app/queue';
import { Counter, register } from 'prom-client';

/** Re-installations of the sweep's schedule that failed (Redis away): each is logged and counted here. */
const installFailures =
  (register.getSingleMetric('subsidy_sla_sweep_install_failures_total') as Counter | undefined) ??
  new Counter({
    name: 'subsidy_sla_sweep_install_failures_total',
    help: 'Failed re-installations of the SLA sweep schedule',
  });

/**
 * Installs the periodic sweep as a BullMQ job scheduler: one schedule however many sla processes run. The
 * schedule lives in Redis, so a flushed Redis would silently stop the sweep that is meant to repair exactly
 * that: every sla process re-installs it on the same period (the upsert is idempotent).
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SweepScheduler.name);
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.install();
    this.timer = setInterval(() => void this.reinstall(), Math.max(this.config.slaSweepEveryMs, 250));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A failed re-installation is retried next period; it is logged (first, then every 50th) and counted. */
  private async reinstall(): Promise<void> {
    try {
      await this.install();
      if (this.failures) this.logger.log(`sweep schedule re-installed after ${this.failures} failed tries`);
      this.failures = 0;
    } catch (error) {
      installFailures.inc();
      if (this.failures++ % 50 === 0)
        this.logger.warn(`sweep schedule not re-installed: ${(error as Error).message}`);
    }
  }

  private async install(): Promise<void> {
    await this.queues
      .queue(QueueName.Sla)
      .upsertJobScheduler(
        'sla-sweep',
        { every: this.config.slaSweepEveryMs },
        { name: JobName.SweepClocks, data: {} },
      );
  }
}
