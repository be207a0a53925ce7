import { Injectable } from '@nestjs/common';
import { Principal, primaryRole } from '@app/auth';
import { JobName } from '@app/contracts';
import { DomainError } from '@app/domain';
import { appendAudit, enqueue, TimeSource, updateReturning } from '@app/persistence';
import { DataSource } from 'typeorm';
import { DeliveryDto } from './webhook.dto';
import { WebhookReader } from './webhook-reader';

/**
 * Replays a dead delivery: the same body and id (receivers deduplicate on X-Delivery-Id), a fresh series of
 * tries, its job in the same transaction. Only a dead one: anything else is a 409.
 */
@Injectable()
export class ReplayDelivery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly reader: WebhookReader,
  ) {}

  async execute(principal: Principal, id: string): Promise<DeliveryDto> {
    await this.dataSource.transaction(async (manager) => {
      const rows = await updateReturning(
        manager,
        `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = now()
           FROM webhook_endpoints e
          WHERE d.id = $1 AND d.status = 'dead' AND e.id = d.endpoint_id AND e.deleted_at IS NULL RETURNING d.id`,
        [id],
      );
      if (!rows.length) {
        await this.reader.delivery(id, manager); // a 404 when there is no such delivery
        throw DomainError.conflict('only a dead delivery of a registered endpoint can be replayed');
      }
      await enqueue(manager, { name: JobName.DeliverWebhook, data: { deliveryId: id } });
      await appendAudit(manager, {
        stream: `webhook-delivery:${id}`,
        actor: { accountId: principal.accountId, role: primaryRole(principal) },
        action: 'webhook.replay',
        data: {},
        at: this.time.now(),
      });
    });
    return this.reader.delivery(id);
  }
}
