import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { JobName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { replayDelivery } from '../deliveries/replay';
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
    await this.dataSource.transaction((manager) => replayDelivery(manager, principal, this.time.now(), {
      restart: `UPDATE webhook_deliveries d SET status = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = now()
                  FROM webhook_endpoints e
                 WHERE d.id = $1 AND d.status = 'dead' AND e.id = d.endpoint_id AND e.deleted_at IS NULL RETURNING d.id`,
      id,
      read: (m) => this.reader.delivery(id, m),
      refusal: 'only a dead delivery of a registered endpoint can be replayed',
      job: { name: JobName.DeliverWebhook, data: { deliveryId: id } },
      stream: `webhook-delivery:${id}`,
      action: 'webhook.replay',
    }));
    return this.reader.delivery(id);
  }
}
