import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { JobMetrics } from './job-metrics';
import { LostJobs } from './lost-jobs';
import { OutboxRelay } from './outbox-relay';
import { QUEUE_OPTIONS, QueueModuleOptions } from './queue.options';
import { QueueService } from './queue.service';
import { RequestsFirst } from './requests-first';
import { IntakeSurge } from './intake-surge';
import { SpillOver } from './spill-over';
import { WorkerHost } from './worker-host';

/** Producer, workers for the queues this process consumes, and the outbox relay when asked for. */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: QUEUE_OPTIONS, useValue: options }, QueueService, WorkerHost, OutboxRelay, JobMetrics, LostJobs, RequestsFirst, IntakeSurge, SpillOver],
      exports: [QueueService, QUEUE_OPTIONS, OutboxRelay, LostJobs, RequestsFirst, IntakeSurge, SpillOver],
    };
  }
}
