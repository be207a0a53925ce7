import { Inject, Injectable } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { QUEUE_OPTIONS, QueueModuleOptions } from '@app/queue';
import { DataSource } from 'typeorm';
import { LostDeliverySweep } from './lost-delivery-sweep';

/**
 * E-mail deliveries that lost their job (a pending try long overdue, and the owed record settled) or their sender
 * (a claim that lapsed: the notifier was killed mid-try). A lapsed claim may hide a mail that was sent but not
 * recorded: the resend carries the same Message-ID.
 */
@Injectable()
export class StuckEmailSweep extends LostDeliverySweep {
  constructor(dataSource: DataSource, @Inject(QUEUE_OPTIONS) options: QueueModuleOptions) {
    super(dataSource, options, {
      what: 'e-mail deliveries',
      table: 'email_deliveries',
      job: JobName.DeliverEmail,
      lostWhen: `(d.status = 'pending' AND d.next_attempt_at < now() - $1::interval) OR (d.status = 'sending' AND d.claimed_until < now())`,
      orderBy: 'd.next_attempt_at NULLS FIRST',
      reset: `status = 'pending', claimed_until = NULL, next_attempt_at = now()`,
    });
  }
}
