import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, QueueName } from '@app/contracts';
import { QueueService } from '@app/queue';

/** Installs the periodic sweep as a BullMQ job scheduler: one schedule however many sla processes run. */
@Injectable()
export class SweepScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly queues: QueueService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .queue(QueueName.Sla)
      .upsertJobScheduler('sla-sweep', { every: this.config.slaSweepEveryMs }, { name: JobName.SweepClocks, data: {} });
  }
}
