import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Job outcomes as Prometheus metrics; a job failed for good is the alert (invariant I8). */
@Injectable()
export class JobMetrics {
  private readonly failures = metric(
    'subsidy_jobs_failed_total',
    () => new Counter({ name: 'subsidy_jobs_failed_total', help: 'Jobs that failed for good', labelNames: ['queue', 'job'] }),
  );
  private readonly durations = metric(
    'subsidy_job_duration_seconds',
    () =>
      new Histogram({
        name: 'subsidy_job_duration_seconds',
        help: 'Time spent in job handlers',
        labelNames: ['queue', 'job'],
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      }),
  );

  failed(queue: string, job: string): void {
    this.failures.inc({ queue, job });
  }

  completed(queue: string, job: string, seconds: number): void {
    this.durations.observe({ queue, job }, seconds);
  }
}
