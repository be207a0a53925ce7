import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller';

/** The in-app inbox. */
@Module({
  controllers: [NotificationsController],
})
export class NotificationsModule {}
