import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { JobName, JobPayloads } from '@app/contracts';
import { DomainError } from '@app/domain';
import { enqueue, updateReturning } from '@app/persistence';
import { OnJob } from '@app/queue';
import { DataSource } from 'typeorm';
import { WebhookSender } from './webhook-sender';

interface DeliveryRow {
  id: string;
  event: string;
  body: string;
  status: string;
  attempts: number;
  url: string;
  secret: string;
  deleted_at: Date | null;
}

/**
 * Sends one webhook delivery. The row in PostgreSQL is the truth: each try is recorded there with a
 * compare-and-set on the number of tries, and a failed try schedules the next one through the outbox
 * (exponential backoff from WEBHOOK_BACKOFF_MS), so a lost Redis loses no retry schedule that was not yet
 * published and the backoff is configuration. After the last try the delivery is dead, with its error,
 * until an administrator replays it. The request runs outside any transaction.
 */
@Injectable()
export class DeliverWebhookHandler {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: WebhookSender,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @OnJob(JobName.DeliverWebhook)
  async handle(data: JobPayloads[JobName.DeliverWebhook]): Promise<string> {
    const [delivery]: DeliveryRow[] = await this.dataSource.query(
      `SELECT d.id, d.event, d.body, d.status, d.attempts, e.url, e.secret, e.deleted_at
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.id = $1`,
      [data.deliveryId],
    );
    if (!delivery) throw DomainError.notFound(`webhook delivery ${data.deliveryId}`);
    if (delivery.status !== 'pending') return `already ${delivery.status}`;
    if (delivery.deleted_at) {
      await this.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'cancelled', next_attempt_at = NULL WHERE id = $1 AND status = 'pending'`,
        [delivery.id],
      );
      return 'endpoint removed';
    }

    const attempt = delivery.attempts + 1;
    const result = await this.sender.send(delivery, delivery);
    const { maxAttempts, backoffMs } = this.config.webhooks;
    return this.dataSource.transaction(async (manager) => {
      const guard = `WHERE id = $1 AND status = 'pending' AND attempts = $2 RETURNING id`;
      if (result.ok) {
        const rows = await updateReturning(
          manager,
          `UPDATE webhook_deliveries SET status = 'delivered', attempts = $2 + 1, last_attempt_at = now(), delivered_at = now(),
                  next_attempt_at = NULL, last_error = NULL ${guard}`,
          [delivery.id, delivery.attempts],
        );
        return rows.length ? `delivered on try ${attempt}` : 'recorded by another run';
      }
      if (attempt >= maxAttempts) {
        const rows = await updateReturning(
          manager,
          `UPDATE webhook_deliveries SET status = 'dead', attempts = $2 + 1, last_attempt_at = now(), next_attempt_at = NULL,
                  last_error = $3 ${guard}`,
          [delivery.id, delivery.attempts, result.error],
        );
        return rows.length ? `dead after ${attempt} tries: ${result.error}` : 'recorded by another run';
      }
      const next = new Date(Date.now() + backoffMs * 2 ** (attempt - 1));
      const rows = await updateReturning(
        manager,
        `UPDATE webhook_deliveries SET attempts = $2 + 1, last_attempt_at = now(), next_attempt_at = $3, last_error = $4 ${guard}`,
        [delivery.id, delivery.attempts, next, result.error],
      );
      if (!rows.length) return 'recorded by another run';
      await enqueue(manager, { name: JobName.DeliverWebhook, data: { deliveryId: delivery.id } }, next);
      return `try ${attempt} failed (${result.error}); next at ${next.toISOString()}`;
    });
  }
}
