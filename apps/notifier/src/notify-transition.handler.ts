import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError } from '@app/domain';
import { JobRun, TransitionMessages, transitionMessages, writeTransitionMessages } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource, EntityManager } from 'typeorm';
import { CaseEvent, Endpoint, WebhookDeliveries } from './webhook-deliveries';

/** A transition with what its messages say of the case now, the tasks it made and the webhook endpoints. */
interface TransitionRow {
  application_id: string;
  from_status: string;
  to_status: string;
  action: string;
  actor_account_id: string | null;
  at: Date;
  detail: { fromFen?: number; toFen?: number } | null;
  enterprise_id: string;
  program_code: string;
  year: number;
  case_seq: string | null;
  name: { zh: string; en: string };
  enterprise: string;
  supplement_items: string[] | null;
  material_names_en: Record<string, string> | null;
  supplement_due_at: Date | null;
  notice_ends_at: Date | null;
  lapses_at: Date | null;
  tasks: { id: string; stage: string; dueOn: string | null }[];
  endpoints: Endpoint[];
}

const READ = `
  SELECT t.application_id, t.from_status, t.to_status, t.action, t.actor_account_id, t.at, t.detail,
         a.enterprise_id, a.program_code, a.year, a.case_seq, pv.definition->'name' AS name, e.name AS enterprise,
         a.supplement_items, pv.definition->'materialNamesEn' AS material_names_en, a.supplement_due_at, a.notice_ends_at,
         (SELECT o.lapses_at FROM offers o WHERE o.application_id = a.id) AS lapses_at,
         COALESCE((SELECT json_agg(json_build_object('id', r.id, 'stage', r.stage, 'dueOn', to_char(r.due_on, 'YYYY-MM-DD')) ORDER BY r.id)
                     FROM review_tasks r WHERE r.entered_transition_id = t.id), '[]'::json) AS tasks,
         COALESCE((SELECT json_agg(json_build_object('id', w.id, 'events', w.events))
                     FROM webhook_endpoints w WHERE w.deleted_at IS NULL), '[]'::json) AS endpoints
    FROM transitions t
    JOIN applications a ON a.id = t.application_id
    JOIN program_versions pv ON pv.id = a.program_version_id
    JOIN enterprises e ON e.id = a.enterprise_id
   WHERE t.id = $1`;

/**
 * Everything a case change means for people and systems: the enterprise's messages, those of the reviewers who
 * may take the tasks it made (or the experts drawn), those of everyone who decided it when it ends, and the
 * webhook deliveries. One read and one write (in one transaction with the deliveries when an endpoint wants the
 * event). Every write is unique per recipient and transition, so a redelivered or retried job writes nothing twice.
 * A transition written by `CaseTransitions` (a submission, a move, a change in place) writes its messages itself
 * and owes this job only for the deliveries, when an endpoint is registered (its messages are there already: this
 * job's write adds none); a stage whose work a job makes (an expert panel), a director's task added to a stage
 * entry and an offer found by an enterprise that opens its account later are told here.
 */
@Injectable()
export class NotifyTransitionHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly webhooks: WebhookDeliveries,
  ) {}

  /** `run`: the worker's, when this is the job (its owed row is settled by the write); none when another job calls. */
  @OnJob(JobName.NotifyTransition)
  async handle(data: JobPayloads[JobName.NotifyTransition], run?: JobRun): Promise<string> {
    const [t]: TransitionRow[] = await this.dataSource.query(READ, [data.transitionId]);
    if (!t) throw DomainError.notFound(`transition ${data.transitionId}`);
    const change: CaseEvent = {
      transitionId: data.transitionId, applicationId: t.application_id, enterpriseId: t.enterprise_id,
      programCode: t.program_code, from: t.from_status, to: t.to_status, action: t.action, at: t.at,
    };
    const messages = {
      ...transitionMessages({
        transitionId: data.transitionId, applicationId: t.application_id, enterpriseId: t.enterprise_id, year: t.year, caseSeq: t.case_seq,
        program: t.name, enterprise: t.enterprise, from: t.from_status, to: t.to_status, action: t.action,
        actorAccountId: t.actor_account_id, detail: t.detail, supplementItems: t.supplement_items, materialNamesEn: t.material_names_en,
        supplementDueAt: t.supplement_due_at, noticeEndsAt: t.notice_ends_at, offerLapsesAt: t.lapses_at,
        tasks: t.tasks,
      }),
      settle: run ? { outboxId: run.outboxId } : null,
    };
    const endpoints = this.webhooks.receivers(t.endpoints, change);
    const summary = endpoints.length === 0
      ? await this.write(messages, null)
      : await this.dataSource.transaction((manager) => this.write(messages, { manager, change, endpoints }));
    if (run) run.settled = true;
    return summary;
  }

  /** The messages (and, when an endpoint wants the event, the deliveries: `webhooks` in the caller's transaction). */
  private async write(
    messages: TransitionMessages, webhooks: { manager: EntityManager; change: CaseEvent; endpoints: Endpoint[] } | null,
  ): Promise<string> {
    const written = await writeTransitionMessages(webhooks?.manager ?? this.dataSource.manager, messages);
    const deliveries = webhooks ? await this.webhooks.schedule(webhooks.manager, webhooks.change, webhooks.endpoints) : 0;
    return `wrote ${written.enterprise}, deciders ${written.deciders}, webhooks ${deliveries}, reviewers ${written.reviewers}`;
  }
}
