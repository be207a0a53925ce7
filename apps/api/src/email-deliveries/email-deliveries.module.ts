import { Module } from '@nestjs/common';
import { EmailDeliveriesController } from './email-deliveries.controller';
import { EmailDeliveryReader } from './email-delivery-reader';
import { ReplayEmailDelivery } from './replay-email-delivery';

/** E-mail deliveries for administrators (list, replay); the notifier sends them. */
@Module({
  controllers: [EmailDeliveriesController],
  providers: [EmailDeliveryReader, ReplayEmailDelivery],
})
export class EmailDeliveriesModule {}
