import { Injectable } from '@nestjs/common';
import { Principal } from '@app/auth';
import { JobName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { replayDelivery } from '../deliveries/replay';
import { EmailDeliveryDto } from './email-delivery.dto';
import { EmailDeliveryReader } from './email-delivery-reader';

/**
 * Replays a failed e-mail: a fresh series of tries of the same message under the same Message-ID (the
 * notification's), its job through the outbox in the same transaction, audited. Only a failed one: anything else
 * is a 409. The try reads the address and the language then, as every try does.
 */
@Injectable()
export class ReplayEmailDelivery {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly reader: EmailDeliveryReader,
  ) {}

  async execute(principal: Principal, id: string): Promise<EmailDeliveryDto> {
    await this.dataSource.transaction((manager) => replayDelivery(manager, principal, this.time.now(), {
      restart: `UPDATE email_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), claimed_until = NULL
                 WHERE id = $1 AND status = 'failed' RETURNING id`,
      id,
      read: (m) => this.reader.delivery(id, m),
      refusal: 'only a failed e-mail delivery can be replayed',
      job: { name: JobName.DeliverEmail, data: { deliveryId: id } },
      stream: `email-delivery:${id}`,
      action: 'email.replay',
    }));
    return this.reader.delivery(id);
  }
}
