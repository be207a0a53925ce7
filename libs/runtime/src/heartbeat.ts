import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { QueueService } from '@app/queue';
import { rmSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { heartbeatFile, HEARTBEAT_EVERY_MS } from './heartbeat-file';

export const HEARTBEAT_APP = Symbol('HEARTBEAT_APP');

/**
 * A worker process proves it is alive to its container's health check: every ten seconds, when its event loop
 * turns and both PostgreSQL and the queue store answer it, it writes the time to its heartbeat file. A hung
 * loop, a lost store or a stopped process leaves the file to age, and `healthcheck.js` fails.
 */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(HEARTBEAT_APP) private readonly app: string,
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
  ) {}

  onApplicationBootstrap(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), HEARTBEAT_EVERY_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    try {
      await this.dataSource.query('SELECT 1');
      await this.queues.ping();
      writeFileSync(heartbeatFile(this.app), JSON.stringify({ pid: process.pid, at: Date.now() }));
    } catch (error) {
      this.logger.warn(`heartbeat skipped: ${(error as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    rmSync(heartbeatFile(this.app), { force: true });
  }
}
