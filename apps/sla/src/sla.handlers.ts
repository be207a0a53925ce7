import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { LostJobs, OnJob } from '@app/queue';
import { ArmClocks } from './arm-clocks';
import { DeadlineRepair } from './deadline-repair';
import { SlaSweep } from './sla-sweep';
import { WorkflowReconciler } from './workflow-reconciler';

/** The `sla` queue's jobs; firing alarms is the `alarms` queue's (`@app/alarms`). */
@Injectable()
export class SlaHandlers {
  constructor(
    private readonly arming: ArmClocks,
    private readonly repair: DeadlineRepair,
    private readonly slaSweep: SlaSweep,
    private readonly reconciler: WorkflowReconciler,
    private readonly lostJobs: LostJobs,
  ) {}

  @OnJob(JobName.ArmClocks)
  async arm(data: JobPayloads[JobName.ArmClocks]): Promise<string> {
    return `armed ${await this.arming.arm(data.applicationId)}`;
  }

  @OnJob(JobName.SweepClocks)
  async sweep(): Promise<object> {
    return {
      ...(await this.slaSweep.sweep()),
      repairs: await this.repair.resumeStalled(),
      lost: await this.reconciler.reconcile(),
      owed: await this.lostJobs.requeue(),
    };
  }

  @OnJob(JobName.RecomputeDeadlines)
  async recompute(data: JobPayloads[JobName.RecomputeDeadlines]): Promise<object> {
    return this.repair.repairBatch(data.changeId, data.after);
  }
}
