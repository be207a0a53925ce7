import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError } from '@app/domain';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { ReviewerMessages } from './reviewer-messages';
import { CaseEvent, WebhookDeliveries } from './webhook-deliveries';

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

interface TransitionRow {
  application_id: string;
  seq: number;
  from_status: string;
  to_status: string;
  action: string;
  actor_account_id: string | null;
  at: Date;
  enterprise_id: string;
  program_code: string;
}

/**
 * Everything a case change means for people and systems: the enterprise's messages, the messages of the
 * reviewers who decided it (when it ends), the webhook deliveries (in one transaction), then the messages of
 * the reviewers who may take the stage's new task. Every write is unique per recipient and transition, so a
 * redelivered or retried job writes nothing twice.
 */
@Injectable()
export class NotifyTransitionHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reviewers: ReviewerMessages,
    private readonly webhooks: WebhookDeliveries,
  ) {}

  @OnJob(JobName.NotifyTransition)
  async handle(data: JobPayloads[JobName.NotifyTransition]): Promise<string> {
    const [t]: TransitionRow[] = await this.dataSource.query(
      `SELECT t.application_id, t.seq, t.from_status, t.to_status, t.action, t.actor_account_id, t.at,
              a.enterprise_id, a.program_code
         FROM transitions t JOIN applications a ON a.id = t.application_id WHERE t.id = $1`,
      [data.transitionId],
    );
    if (!t) throw DomainError.notFound(`transition ${data.transitionId}`);
    const change: CaseEvent = {
      transitionId: data.transitionId, applicationId: t.application_id, enterpriseId: t.enterprise_id,
      programCode: t.program_code, from: t.from_status, to: t.to_status, action: t.action, at: t.at,
    };
    const message = MESSAGES[t.to_status] ?? `Your application is now ${t.to_status}.`;
    const first = await this.dataSource.transaction(async (manager) => {
      const written: unknown[] = await manager.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT id, $2, $3, $4, $5 FROM accounts WHERE enterprise_id = $1
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [t.enterprise_id, data.transitionId, t.application_id, `case.${t.to_status}`, message],
      );
      const deciders = await this.reviewers.outcome(manager, { ...change, actorAccountId: t.actor_account_id });
      const deliveries = await this.webhooks.schedule(manager, change);
      return `wrote ${written.length}, deciders ${deciders}, webhooks ${deliveries}`;
    });
    const candidates = await this.reviewers.tasksCreated({ ...change, seq: t.seq });
    return `${first}, reviewers ${candidates}`;
  }
}
