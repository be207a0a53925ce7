import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/auth';
import { QueueService } from '@app/queue';
import { collectDefaultMetrics, Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';

let defaultsCollected = false;

/** Prometheus text: process metrics, cases by state and jobs by queue, read fresh at each scrape. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly cases: Gauge;
  private readonly jobs: Gauge;

  constructor(dataSource: DataSource, queues: QueueService) {
    if (!defaultsCollected) {
      collectDefaultMetrics();
      defaultsCollected = true;
    }
    register.removeSingleMetric('subsidy_cases');
    register.removeSingleMetric('subsidy_jobs');
    this.cases = new Gauge({
      name: 'subsidy_cases',
      help: 'Cases by program and state',
      labelNames: ['program', 'status'],
      async collect() {
        const rows: { program_code: string; status: string; n: string }[] = await dataSource.query(
          'SELECT program_code, status, count(*) AS n FROM applications GROUP BY 1, 2',
        );
        this.reset();
        for (const r of rows) this.set({ program: r.program_code, status: r.status }, Number(r.n));
      },
    });
    this.jobs = new Gauge({
      name: 'subsidy_jobs',
      help: 'Jobs by queue and state',
      labelNames: ['queue', 'state'],
      async collect() {
        this.reset();
        for (const queue of queues.all()) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
        }
      },
    });
  }

  @Get()
  @Public()
  @Header('Content-Type', register.contentType)
  async scrape(): Promise<string> {
    return register.metrics();
  }
}
