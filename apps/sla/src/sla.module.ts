import { Module } from '@nestjs/common';
import { AlarmBurst } from './alarm-burst';
import { AlarmClock } from './alarm-clock';
import { DeadlineRepair } from './deadline-repair';
import { SlaHandlers } from './sla.handlers';
import { SweepScheduler } from './sweep-scheduler';
import { WorkflowReconciler } from './workflow-reconciler';

/** The `sla` queue's workers: alarm clocks, the periodic sweep (which also re-queues work Redis lost). */
@Module({
  providers: [AlarmClock, AlarmBurst, DeadlineRepair, SlaHandlers, SweepScheduler, WorkflowReconciler],
  exports: [AlarmClock],
})
export class SlaModule {}
