import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError, formatSystemReason } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR, TimeSource } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { lockCase } from '../case-row';

/**
 * A 免申即享 offer was not confirmed in time: the case lapses. Only an alarm clock: an offer the enterprise
 * answered, or whose time is not up, is left alone (the sweep comes back for one whose timer was lost).
 */
@Injectable()
export class LapseOfferHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: CaseTransitions,
    private readonly time: TimeSource,
  ) {}

  @OnJob(JobName.LapseOffer)
  async handle(data: JobPayloads[JobName.LapseOffer]): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const app = await lockCase(manager, data.applicationId);
      if (app.status !== 'awaiting_confirmation') return 'moved on';
      const [offer]: { lapses_at: Date }[] = await manager.query('SELECT lapses_at FROM offers WHERE application_id = $1', [app.id]);
      if (!offer) throw DomainError.notFound(`offer of application ${app.id}`);
      if (offer.lapses_at.getTime() > this.time.now().getTime()) return 'not yet';
      await this.transitions.apply(manager, {
        application: app,
        action: { type: 'lapse' },
        actor: SYSTEM_ACTOR,
        reason: formatSystemReason({ code: 'offer-lapsed', params: { by: offer.lapses_at.toISOString() } }),
      });
      return 'lapsed';
    });
  }
}
