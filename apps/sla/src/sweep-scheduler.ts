import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, QueueName } from '@app/contracts';
import { QueueService } from '@app/queue';

/**
 * Installs the periodic sweep as a BullMQ job scheduler: one schedule however many sla processes run. The
 * schedule lives in Redis, so a flushed Redis would silently stop the sweep that is meant to repair exactly
 * that: every sla process re-installs it on the same period (the upsert is idempotent).
 */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.install();
    this.timer = setInterval(() => void this.install().catch(() => undefined), Math.max(this.config.slaSweepEveryMs, 250));
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async install(): Promise<void> {
    await this.queues
      .queue(QueueName.Sla)
      .upsertJobScheduler('sla-sweep', { every: this.config.slaSweepEveryMs }, { name: JobName.SweepClocks, data: {} });
  }
}
