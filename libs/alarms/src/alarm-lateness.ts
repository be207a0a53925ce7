import { Histogram, register } from 'prom-client';

const lateness =
  (register.getSingleMetric('subsidy_sla_alarm_lateness_seconds') as Histogram | undefined) ??
  new Histogram({
    name: 'subsidy_sla_alarm_lateness_seconds',
    help: 'How late an SLA alarm fired after its due moment',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 5, 30, 60, 300],
  });

export function observeLateness(seconds: number): void {
  lateness.observe(seconds);
}
