import { Module } from '@nestjs/common';
import { WebhooksController } from './webhooks.controller';
import { RegisterWebhook } from './register-webhook';
import { RemoveWebhook } from './remove-webhook';
import { ReplayDelivery } from './replay-delivery';
import { WebhookReader } from './webhook-reader';

/** Webhook endpoints and their deliveries (register, remove, replay). */
@Module({
  controllers: [WebhooksController],
  providers: [RegisterWebhook, RemoveWebhook, ReplayDelivery, WebhookReader],
})
export class WebhooksModule {}
