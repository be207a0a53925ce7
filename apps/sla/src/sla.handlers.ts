import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { LostJobs, OnJob } from '@app/queue';
import { AlarmBurst } from './alarm-burst';
import { AlarmClock } from './alarm-clock';
import { DeadlineRepair } from './deadline-repair';
import { WorkflowReconciler } from './workflow-reconciler';

@Injectable()
export class SlaHandlers {
  constructor(
    private readonly alarms: AlarmClock,
    private readonly repair: DeadlineRepair,
    private readonly burst: AlarmBurst,
    private readonly reconciler: WorkflowReconciler,
    private readonly lostJobs: LostJobs,
  ) {}

  @OnJob(JobName.ArmClocks)
  async arm(data: JobPayloads[JobName.ArmClocks]): Promise<string> {
    return `armed ${await this.alarms.arm(data.applicationId)}`;
  }

  /** The payload names one case, but every timer of an instant rings together: whichever runs first fires all that is due. */
  @OnJob(JobName.FireAlarm)
  async fire(): Promise<string> {
    return `recorded ${await this.burst.drain()}`;
  }

  @OnJob(JobName.SweepClocks)
  async sweep(): Promise<object> {
    return { ...(await this.alarms.sweep()), lost: await this.reconciler.reconcile(), owed: await this.lostJobs.requeue() };
  }

  @OnJob(JobName.RecomputeDeadlines)
  async recompute(data: JobPayloads[JobName.RecomputeDeadlines]): Promise<object> {
    return this.repair.repairBatch(data.changeId, data.after);
  }
}
