import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { formatSystemReason } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR, TimeSource } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { lockCase } from './case-row';

/**
 * The enterprise did not answer a 补正 request in time: the case lapses, with the reason. Only an alarm clock:
 * a case that was resubmitted meanwhile, or whose time is not up, is left alone.
 */
@Injectable()
export class LapseSupplementHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  @OnJob(JobName.LapseSupplement)
  async handle(data: JobPayloads[JobName.LapseSupplement]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const app = await lockCase(manager, data.applicationId);
      if (app.status !== 'supplement') return 'moved on';
      const due = app.supplementDueAt;
      if (!due || due.getTime() > this.time.now().getTime()) return 'not yet';
      await this.transitions.apply(manager, {
        application: app,
        action: { type: 'lapse' },
        actor: SYSTEM_ACTOR,
        reason: formatSystemReason({ code: 'supplement-lapsed', params: { by: due.toISOString() } }),
      });
      return 'lapsed';
    });
  }
}
