import { ConsoleLogger, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Principal } from '@app/auth';
import { AppConfig } from '@app/config';
import { ALL_QUEUES, JobName } from '@app/contracts';
import { Role, TimeSource } from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { ALL_APPS } from '../all-apps';
import { SlaHandlers } from '../../../sla/src/sla.handlers';
import { RootModule } from '@app/runtime';

const DRAIN_TIMEOUT_MS = 120_000;

/**
 * The whole system (all four apps, their workers and the outbox relay) on the demo database, for the seed
 * only: its clock starts weeks in the past and is moved forward day by day (the travel tests use), so every
 * case is made by the real use cases, state machine, jobs and alarms at the time it would have happened.
 */
export class DemoWorld {
  private constructor(
    readonly app: INestApplicationContext,
    readonly dataSource: DataSource,
    readonly time: TimeSource,
    private readonly queues: QueueService,
  ) {}

  static async start(config: AppConfig, databaseUrl: string, redisUrl: string | null): Promise<DemoWorld> {
    // Travel is this private system's own: the seed never runs in production (its caller checks, once). The log
    // level stays the configured one: pino's root logger is made once per process, and the app reuses it.
    const seedConfig: AppConfig = { ...config, clockTravel: true, rateLimits: false, outboxPollMs: 25 };
    const root = RootModule.compose(seedConfig, { databaseUrl, redisUrl }, { modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    // A logger instance of its own: a list of levels would stay Nest's global levels and mute the real app's logs.
    const app = await NestFactory.createApplicationContext(root, { logger: new ConsoleLogger({ logLevels: ['error', 'warn'] }) });
    await app.init();
    return new DemoWorld(app, app.get(DataSource), app.get(TimeSource), app.get(QueueService));
  }

  get<T>(type: new (...args: never[]) => T): T {
    return this.app.get(type);
  }

  /** The periodic sweep, now: fires the alarms that fell due, ends notices, finds lost work. */
  async sweep(): Promise<void> {
    await this.app.get(SlaHandlers).sweep();
  }

  /** Waits until the outbox is published and no queue has work waiting or running (timers days ahead do not count). */
  async drain(): Promise<void> {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    let quiet = 0;
    while (quiet < 2) {
      if (Date.now() > deadline) throw new Error('demo seed: the pipeline did not drain in time');
      quiet = (await this.busy()) ? 0 : quiet + 1;
      if (quiet < 2) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async busy(): Promise<boolean> {
    const [{ n }]: { n: string }[] = await this.dataSource.query(
      'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND run_at <= now()',
    );
    if (Number(n) > 0) return true;
    for (const queue of this.queues.all()) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized');
      if ((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.prioritized ?? 0) > 0) {
        const jobs = await queue.getJobs(['waiting', 'active', 'prioritized']);
        if (jobs.some((j) => j && j.name !== JobName.SweepClocks)) return true;
      }
    }
    return false;
  }

  /** The principal an account acts as (what a login would give it). */
  async principal(accountId: string): Promise<Principal> {
    const [a]: { id: string; username: string; roles: Role[]; enterprise_id: string | null; region_code: string | null }[] =
      await this.dataSource.query('SELECT id, username, roles, enterprise_id, region_code FROM accounts WHERE id = $1', [accountId]);
    return { accountId: a.id, username: a.username, roles: a.roles, enterpriseId: a.enterprise_id, regionCode: a.region_code, conflictEnterpriseIds: [] };
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
