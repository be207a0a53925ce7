import { Inject, Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { QUEUE_OPTIONS, QueueModuleOptions } from '@app/queue';
import { DataSource } from 'typeorm';
import { LostDeliverySweep } from './lost-delivery-sweep';

/** Webhook deliveries whose pending try is long overdue with no job waiting for it. */
@Injectable()
export class StuckDeliverySweep extends LostDeliverySweep {
  constructor(dataSource: DataSource, @Inject(QUEUE_OPTIONS) options: QueueModuleOptions) {
    super(dataSource, options, {
      what: 'webhook deliveries',
      table: 'webhook_deliveries',
      job: JobName.DeliverWebhook,
      lostWhen: `d.status = 'pending' AND d.next_attempt_at < now() - $1::interval`,
      orderBy: 'd.next_attempt_at',
      reset: 'next_attempt_at = now()',
    });
  }
}
