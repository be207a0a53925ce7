import { Module } from '@nestjs/common';
import { DevClockController } from './dev-clock.controller';
import { MoveDevClock } from './move-dev-clock';

/** Development aids for demonstrations: the clock an administrator moves forward. Refused in production. */
@Module({ controllers: [DevClockController], providers: [MoveDevClock] })
export class DevModule {}
