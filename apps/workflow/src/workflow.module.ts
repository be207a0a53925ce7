import { Module } from '@nestjs/common';
import { AlarmsModule } from '@app/alarms';
import { EndNoticeHandler } from './end-notice.handler';
import { EnterStageHandler } from './enter-stage.handler';
import { ExpertPanelDraw } from './expert-panel-draw';
import { LapseSupplementHandler } from './lapse-supplement.handler';
import { OFFER_WORKFLOW_PROVIDERS } from './offers/offers.providers';
import { ScreenApplicationHandler } from './screen-application.handler';
import { ReleaseBudgetWaitsHandler } from './release-budget-waits.handler';

/**
 * Workers of the `workflow` queue: screening, stage routing, the end of the public notice; and of the `alarms`
 * queue (`AlarmsModule`), so every workflow process takes a share of an instant's alarms.
 */
@Module({ imports: [AlarmsModule], providers: [ScreenApplicationHandler, EnterStageHandler, EndNoticeHandler, LapseSupplementHandler, ExpertPanelDraw, ...OFFER_WORKFLOW_PROVIDERS, ReleaseBudgetWaitsHandler] })
export class WorkflowModule {}
