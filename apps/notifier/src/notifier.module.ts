import { Module } from '@nestjs/common';
import { DeliverEmailHandler } from './deliver-email.handler';
import { DeliverWebhookHandler } from './deliver-webhook.handler';
import { MailSender } from './mail-sender';
import { NotifyOfferBatchHandler } from './notify-offer-batch.handler';
import { NotifyTransitionHandler } from './notify-transition.handler';
import { StuckDeliverySweep } from './stuck-delivery-sweep';
import { StuckEmailSweep } from './stuck-email-sweep';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';
import { BudgetAlertsHandler } from './budget-alerts.handler';

/**
 * The `notifier` queue's workers: the in-app inbox, the webhooks and the e-mails (each with the reconciler of its lost
 * delivery jobs).
 */
@Module({
  providers: [
    NotifyTransitionHandler, NotifyOfferBatchHandler, WebhookDeliveries, WebhookSender, DeliverWebhookHandler, StuckDeliverySweep,
    BudgetAlertsHandler, MailSender, DeliverEmailHandler, StuckEmailSweep,
  ],
})
export class NotifierModule {}
