import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError } from '@app/domain';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';

const MESSAGES: Record<string, string> = {
  submitted: 'Your application was received and is being screened.',
  acceptance: 'Your application is waiting for acceptance (受理).',
  formal_review: 'Your application is in the district formal review (初审).',
  expert_review: 'Your application is with the expert panel (专家评审).',
  recheck: 'Your application is in the city recheck (复核).',
  supplement: 'Materials are missing: please supplement them (补正).',
  public_notice: 'Your application is in public notice (公示).',
  approved: 'Your application was approved (办结); payment follows.',
  paid: 'The subsidy was paid.',
  refused: 'Your application was refused; the reasons are in the case.',
  withdrawn: 'Your application was withdrawn.',
  awaiting_confirmation: 'The bureau offers you a subsidy (免申即享): please confirm it.',
  declined: 'You declined the offer.',
  lapsed: 'The case lapsed.',
};

/**
 * Writes the in-app messages a case change means for the enterprise's accounts. Unique per account and
 * transition, so a redelivered job writes nothing twice.
 */
@Injectable()
export class NotifyTransitionHandler {
  constructor(private readonly dataSource: DataSource) {}

  @OnJob(JobName.NotifyTransition)
  async handle(data: JobPayloads[JobName.NotifyTransition]): Promise<string> {
    const [t]: { application_id: string; to_status: string; reason: string | null; enterprise_id: string }[] =
      await this.dataSource.query(
        `SELECT t.application_id, t.to_status, t.reason, a.enterprise_id FROM transitions t
           JOIN applications a ON a.id = t.application_id WHERE t.id = $1`,
        [data.transitionId],
      );
    if (!t) throw DomainError.notFound(`transition ${data.transitionId}`);
    const message = MESSAGES[t.to_status] ?? `Your application is now ${t.to_status}.`;
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
       SELECT id, $2, $3, $4, $5 FROM accounts WHERE enterprise_id = $1
       ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
      [t.enterprise_id, data.transitionId, t.application_id, `case.${t.to_status}`, message],
    );
    return `wrote ${written.length}`;
  }
}
