import { Injectable, Logger } from '@nestjs/common';
import { FINAL_STATUSES } from '@app/domain';
import { TimeSource } from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/**
 * Wake-ups live in Redis, timers and their bookkeeping in PostgreSQL. A marker key written next to the wake-ups
 * tells the sweep whether Redis still holds what was armed: when it is gone (FLUSHALL, a Redis restarted without
 * persistence) every open case is marked unarmed, and the sweep re-arms them all (which sets their wake-ups
 * again).
 */
@Injectable()
export class LostTimers {
  private readonly logger = new Logger(LostTimers.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly time: TimeSource,
  ) {}

  async forgetArmingIfRedisLost(): Promise<void> {
    const redis = this.queues.redis;
    // On the PostgreSQL queue backend the wake-ups are rows of the same database: nothing to lose apart.
    if (!redis) return;
    const marker = `${this.queues.options.prefix}:sla:armed`;
    if (await redis.exists(marker)) return;
    const [, forgotten] = await this.dataSource.query(
      `UPDATE applications SET alarms_armed_version = NULL
        WHERE status <> ALL($1::text[]) AND alarms_armed_version IS NOT NULL`,
      [FINAL_STATUSES],
    );
    await redis.set(marker, this.time.now().toISOString());
    if (forgotten) this.logger.warn(`SLA wake-ups missing from Redis: re-arming ${forgotten} open cases`);
  }
}
