import { Module } from '@nestjs/common';
import { DeliverWebhookHandler } from './deliver-webhook.handler';
import { NotifyTransitionHandler } from './notify-transition.handler';
import { ReviewerMessages } from './reviewer-messages';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';

/** The `notifier` queue's workers: the in-app inbox and the webhooks. */
@Module({ providers: [NotifyTransitionHandler, ReviewerMessages, WebhookDeliveries, WebhookSender, DeliverWebhookHandler] })
export class NotifierModule {}
