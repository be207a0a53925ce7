import { Module } from '@nestjs/common';
import { EndNoticeHandler } from './end-notice.handler';
import { EnterStageHandler } from './enter-stage.handler';
import { ScreenApplicationHandler } from './screen-application.handler';

/** Workers of the `workflow` queue: screening, stage routing, the end of the public notice. */
@Module({ providers: [ScreenApplicationHandler, EnterStageHandler, EndNoticeHandler] })
export class WorkflowModule {}
