import { Module } from '@nestjs/common';
import { SlaModule } from '../sla/sla.module';
import { MaterialsModule } from '../materials/materials.module';
import { ApplicationsController } from './applications.controller';
import { SubmitApplication } from './submit-application';
import { WithdrawApplication } from './withdraw-application';
import { ResubmitSupplement } from './resubmit-supplement';
import { ApplicationReader } from './application-reader';
import { OverrideScreening } from './override-screening';
import { VerifyFacts } from './verify-facts';

/** Cases as the enterprise and the reviewers see them: apply, withdraw, resubmit, override a screening, verify facts. */
@Module({
  imports: [SlaModule, MaterialsModule],
  controllers: [ApplicationsController],
  providers: [SubmitApplication, WithdrawApplication, ResubmitSupplement, ApplicationReader, OverrideScreening, VerifyFacts],
  exports: [ApplicationReader],
})
export class ApplicationsModule {}
