import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError, LANGUAGES, messagesIn } from '@app/domain';
import { EntityManager } from 'typeorm';
import { deadlineText, loadCaseFacts } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { ReviewerMessages } from './reviewer-messages';
import { CaseEvent, caseEventName, WebhookDeliveries } from './webhook-deliveries';

interface TransitionRow {
  application_id: string;
  seq: number;
  from_status: string;
  to_status: string;
  action: string;
  actor_account_id: string | null;
  at: Date;
  detail: { fromFen?: number; toFen?: number } | null;
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
      `SELECT t.application_id, t.seq, t.from_status, t.to_status, t.action, t.actor_account_id, t.at, t.detail,
              a.enterprise_id, a.program_code
         FROM transitions t JOIN applications a ON a.id = t.application_id WHERE t.id = $1`,
      [data.transitionId],
    );
    if (!t) throw DomainError.notFound(`transition ${data.transitionId}`);
    const change: CaseEvent = {
      transitionId: data.transitionId, applicationId: t.application_id, enterpriseId: t.enterprise_id,
      programCode: t.program_code, from: t.from_status, to: t.to_status, action: t.action, at: t.at,
    };
    const first = await this.dataSource.transaction(async (manager) => {
      const texts = await this.enterpriseTexts(manager, t);
      // Each account reads it in its own language (zh-CN unless it prefers English).
      const written: unknown[] = await manager.query(
        `INSERT INTO notifications (account_id, source_id, application_id, kind, message)
         SELECT id, $2, $3, $4, CASE language WHEN 'en' THEN $6 ELSE $5 END FROM accounts WHERE enterprise_id = $1
         ON CONFLICT (account_id, source_id) DO NOTHING RETURNING id`,
        [t.enterprise_id, data.transitionId, t.application_id, caseEventName(change), texts['zh-CN'], texts.en],
      );
      const deciders = await this.reviewers.outcome(manager, { ...change, actorAccountId: t.actor_account_id });
      const deliveries = await this.webhooks.schedule(manager, change);
      return `wrote ${written.length}, deciders ${deciders}, webhooks ${deliveries}`;
    });
    const candidates = await this.reviewers.tasksCreated({ ...change, seq: t.seq });
    return `${first}, reviewers ${candidates}`;
  }

  /**
   * The enterprise's message about its case entering a state, in each language, with what to do by when; or, for
   * 按比例核减 (the state kept), the amount before and after, from the transition row itself.
   */
  private async enterpriseTexts(manager: EntityManager, t: TransitionRow): Promise<Record<string, string>> {
    const facts = await loadCaseFacts(manager, t.application_id);
    if (t.action === 'pro-rata-reduced') {
      const amounts = { fromFen: Number(t.detail?.fromFen), toFen: Number(t.detail?.toFen) };
      return Object.fromEntries(LANGUAGES.map((lang) => [lang, messagesIn(lang).amountReduced(facts.ref, amounts)]));
    }
    const status = t.to_status;
    const dueBy =
      status === 'supplement' ? facts.supplementDueAt
        : status === 'awaiting_confirmation' ? facts.offerLapsesAt
          : status === 'public_notice' ? facts.noticeEndsAt
            : null;
    return Object.fromEntries(
      LANGUAGES.map((lang) => [lang, messagesIn(lang).caseStatus(status, facts.ref, { dueBy: deadlineText(dueBy), items: facts.supplementItems })]),
    );
  }
}
