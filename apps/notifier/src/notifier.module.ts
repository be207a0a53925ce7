import { Module } from '@nestjs/common';
import { NotifyTransitionHandler } from './notify-transition.handler';

/** The `notifier` queue's workers: the in-app inbox. */
@Module({ providers: [NotifyTransitionHandler] })
export class NotifierModule {}
