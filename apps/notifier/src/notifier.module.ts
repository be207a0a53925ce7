import { Module } from '@nestjs/common';
import { DeliverWebhookHandler } from './deliver-webhook.handler';
import { NotifyOfferBatchHandler } from './notify-offer-batch.handler';
import { NotifyTransitionHandler } from './notify-transition.handler';
import { StuckDeliverySweep } from './stuck-delivery-sweep';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';
import { BudgetAlertsHandler } from './budget-alerts.handler';

/** The `notifier` queue's workers: the in-app inbox and the webhooks (with the reconciler of lost delivery jobs). */
@Module({ providers: [NotifyTransitionHandler, NotifyOfferBatchHandler, WebhookDeliveries, WebhookSender, DeliverWebhookHandler, StuckDeliverySweep, BudgetAlertsHandler] })
export class NotifierModule {}
