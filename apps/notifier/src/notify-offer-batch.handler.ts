import { Injectable } from '@nestjs/common';
import { JobName, JobPayloads } from '@app/contracts';
import { caseEventName } from '@app/domain';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { NotifyTransitionHandler } from './notify-transition.handler';
import { WebhookDeliveries } from './webhook-deliveries';

interface OfferOpening {
  transition_id: string;
  from: string;
  to: string;
  action: string;
  has_accounts: boolean;
}

/**
 * The messages of the offers an import batch opened: for each offer, what `notify-transition` does for its
 * opening transition — one message per account of the enterprise and per offer, the webhook deliveries — by that
 * very code, so each is written once per recipient and transition whoever writes it (this job, a retry of it,
 * or the `notify-transition` an enterprise's activation queues for its open offers). An offer's opening concerns
 * no reviewer (nobody decided it, no task is created), so an offer whose enterprise has no account and whose
 * event no webhook receives owes nothing and is skipped. Owed (`owed_jobs`) until it succeeds: one offer failing
 * fails the job after the others were tried, and its retry writes only what is missing.
 */
@Injectable()
export class NotifyOfferBatchHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transitions: NotifyTransitionHandler,
    private readonly webhooks: WebhookDeliveries,
  ) {}

  @OnJob(JobName.NotifyOfferBatch)
  async handle(data: JobPayloads[JobName.NotifyOfferBatch]): Promise<string> {
    const openings: OfferOpening[] = await this.dataSource.query(
      `SELECT t.id AS transition_id, t.from_status AS "from", t.to_status AS "to", t.action,
              EXISTS (SELECT 1 FROM accounts acc WHERE acc.enterprise_id = a.enterprise_id) AS has_accounts
         FROM offer_import_batches b
         JOIN offers o ON o.import_id = b.import_id AND o.batch_no = b.batch_no
         JOIN applications a ON a.id = o.application_id
         JOIN transitions t ON t.application_id = o.application_id AND t.seq = 1
        WHERE b.id = $1
        ORDER BY o.line`,
      [data.batchId],
    );
    const received = new Map<string, boolean>();
    for (const event of new Set(openings.map(caseEventName))) {
      received.set(event, await this.webhooks.anyReceiver(this.dataSource.manager, event));
    }
    let notified = 0;
    let failure: unknown = null;
    for (const o of openings) {
      const owed = o.has_accounts || received.get(caseEventName(o)) || o.to !== 'awaiting_confirmation';
      if (!owed) continue;
      try {
        await this.transitions.handle({ transitionId: o.transition_id });
        notified++;
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure) throw failure;
    return `${openings.length} offers, ${notified} with someone to tell`;
  }
}
