import { Module } from '@nestjs/common';
import { DisbursementsController } from './disbursements.controller';
import { Disbursements } from './disbursements';

/** Payment batches (拨付): build, approve (four eyes), export, record payment. */
@Module({
  controllers: [DisbursementsController],
  providers: [Disbursements],
})
export class DisbursementsModule {}
