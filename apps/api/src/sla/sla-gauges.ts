import { Injectable } from '@nestjs/common';
import { TimeSource } from '@app/persistence';
import { Gauge, register } from 'prom-client';
import { SlaSummary } from './sla-summary';
import { SlaSummaryDto } from './sla.dto';

const FIGURES: { name: string; help: string; value: (s: SlaSummaryDto) => number | null }[] = [
  { name: 'subsidy_sla_on_time_rate', help: '限时办结率 this year: cases completed on time / completed', value: (s) => s.onTimeRate },
  { name: 'subsidy_sla_completed', help: 'Cases completed (办结) this year', value: (s) => s.completed },
  { name: 'subsidy_sla_completed_on_time', help: 'Cases completed on time this year', value: (s) => s.onTime },
  { name: 'subsidy_sla_open', help: 'Open cases now', value: (s) => s.open },
  { name: 'subsidy_sla_at_risk', help: 'Open cases whose clock is yellow now', value: (s) => s.atRisk },
  { name: 'subsidy_sla_overdue', help: 'Open cases past their due date now (red)', value: (s) => s.overdue },
  { name: 'subsidy_sla_working_days_mean', help: 'Mean working days used by cases completed this year', value: (s) => s.meanWorkingDays },
  { name: 'subsidy_sla_working_days_p90', help: '90th percentile of working days used this year', value: (s) => s.p90WorkingDays },
];

/**
 * The dashboard's figures as Prometheus gauges, read from the pre-aggregated rows at each scrape (one
 * summary per scrape, shared by all gauges). Registered once per process: a second api module in the same
 * process (tests) replaces them rather than registering twice.
 */
@Injectable()
export class SlaGauges {
  private pending: Promise<SlaSummaryDto> | null = null;

  constructor(summary: SlaSummary, time: TimeSource) {
    const read = (): Promise<SlaSummaryDto> => {
      this.pending ??= summary.summarize({ from: `${time.today().slice(0, 4)}-01-01` }).finally(() => {
        setImmediate(() => (this.pending = null));
      });
      return this.pending;
    };
    for (const figure of FIGURES) {
      register.removeSingleMetric(figure.name);
      new Gauge({
        name: figure.name,
        help: figure.help,
        async collect() {
          const value = figure.value(await read());
          // Absent, not 0: a rate of nothing completed is unknown (the API says null). reset() would print 0.
          if (value === null) this.remove();
          else this.set(value);
        },
      });
    }
  }
}
