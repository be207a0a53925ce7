import { Module } from '@nestjs/common';
import { SlaController } from './sla.controller';
import { SlaSummary } from './sla-summary';
import { SlaCases } from './sla-cases';
import { BreachForecast } from './breach-forecast';
import { SlaGauges } from './sla-gauges';
import { CheckSlaFilter } from './check-sla-filter';
import { ReviewerWorkload } from './reviewer-workload';

/** The SLA dashboard: summary, cases, the reviewers' workload, gauges and the breach forecast. */
@Module({
  controllers: [SlaController],
  providers: [SlaSummary, SlaCases, BreachForecast, SlaGauges, CheckSlaFilter, ReviewerWorkload],
  exports: [BreachForecast],
})
export class SlaModule {}
