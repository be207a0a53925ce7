import { Module } from '@nestjs/common';
import { AlarmsModule } from '@app/alarms';
import { ArmClocks } from './arm-clocks';
import { DeadlineRepair } from './deadline-repair';
import { LostTimers } from './lost-timers';
import { OverdueDeadlines } from './overdue-deadlines';
import { SlaHandlers } from './sla.handlers';
import { SlaSweep } from './sla-sweep';
import { SweepScheduler } from './sweep-scheduler';
import { WorkflowReconciler } from './workflow-reconciler';

/**
 * The `sla` queue's workers: arming clocks, the periodic sweep (which also re-queues work Redis lost), the SLA
 * repair after a calendar override. Firing alarms (`AlarmsModule`) is shared with the workflow processes.
 */
@Module({
  imports: [AlarmsModule],
  providers: [ArmClocks, DeadlineRepair, LostTimers, OverdueDeadlines, SlaHandlers, SlaSweep, SweepScheduler, WorkflowReconciler],
  exports: [ArmClocks, SlaSweep],
})
export class SlaModule {}
