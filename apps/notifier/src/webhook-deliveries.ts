import { Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { caseEventName } from '@app/domain';
import { enqueue } from '@app/persistence';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { eventMatches } from './event-pattern';

/** What a webhook receiver learns of a case change: ids and states only, never personal data. */
export interface CaseEvent {
  transitionId: string;
  applicationId: string;
  enterpriseId: string;
  programCode: string;
  from: string;
  to: string;
  action: string;
  at: Date;
}

/** A registered webhook endpoint and the event patterns it asked for. */
export interface Endpoint {
  id: string;
  events: string[];
}

/**
 * Writes one delivery per registered endpoint whose patterns cover the event, with the job that sends it, in
 * the caller's transaction. Unique per endpoint and transition: a redelivered notify job schedules nothing twice.
 */
@Injectable()
export class WebhookDeliveries {
  /** Whether any registered endpoint's patterns cover `event` (a batch of changes with no receiver skips them). */
  async anyReceiver(manager: EntityManager, event: string): Promise<boolean> {
    const endpoints: { events: string[] }[] = await manager.query('SELECT events FROM webhook_endpoints WHERE deleted_at IS NULL');
    return endpoints.some((e) => e.events.some((p) => eventMatches(p, event)));
  }

  /** The endpoints (registered, not deleted) whose patterns cover the change's event. */
  receivers(endpoints: Endpoint[], change: CaseEvent): Endpoint[] {
    const event = caseEventName(change);
    return endpoints.filter((e) => e.events.some((p) => eventMatches(p, event)));
  }

  /** `endpoints`: the change's `receivers`, read by the caller (with the transition). */
  async schedule(manager: EntityManager, change: CaseEvent, endpoints: Endpoint[]): Promise<number> {
    const event = caseEventName(change);
    let scheduled = 0;
    for (const endpoint of endpoints) {
      const id = randomUUID();
      const body = JSON.stringify({
        id,
        event,
        occurredAt: change.at.toISOString(),
        data: {
          applicationId: change.applicationId, transitionId: change.transitionId, enterpriseId: change.enterpriseId,
          program: change.programCode, from: change.from, to: change.to, action: change.action,
        },
      });
      const inserted: unknown[] = await manager.query(
        `INSERT INTO webhook_deliveries (id, endpoint_id, transition_id, application_id, event, body, status, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', now()) ON CONFLICT (endpoint_id, transition_id) DO NOTHING RETURNING id`,
        [id, endpoint.id, change.transitionId, change.applicationId, event, body],
      );
      if (inserted.length === 0) continue;
      await enqueue(manager, { name: JobName.DeliverWebhook, data: { deliveryId: id } });
      scheduled++;
    }
    return scheduled;
  }
}
