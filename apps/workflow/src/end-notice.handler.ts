import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { formatSystemReason } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR, TimeSource } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { lockCase } from './case-row';

/**
 * The public notice (公示) of a case ended: with nothing holding it, the case is approved (办结). The job is
 * only an alarm clock: it re-reads the case and does nothing if the notice has not ended or the case moved on
 * (the sweep comes back for it).
 */
@Injectable()
export class EndNoticeHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  @OnJob(JobName.EndNotice)
  async handle(data: JobPayloads[JobName.EndNotice]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const app = await lockCase(manager, data.applicationId);
      if (app.status !== 'public_notice') return 'moved on';
      if (!app.noticeEndsAt || app.noticeEndsAt.getTime() > this.time.now().getTime()) return 'not yet';
      // An open objection holds this case, and only this case, until a reviewer resolves it.
      const open: unknown[] = await manager.query(`SELECT 1 FROM objections WHERE application_id = $1 AND status = 'open' LIMIT 1`, [
        app.id,
      ]);
      if (open.length) return 'held by an objection';
      await this.transitions.apply(manager, {
        application: app,
        action: { type: 'notice-ended' },
        actor: SYSTEM_ACTOR,
        reason: formatSystemReason({ code: 'notice-ended', params: {} }),
      });
      return 'approved';
    });
  }
}
