import { Injectable, Logger } from '@nestjs/common';
import { wakeupJob } from '@app/alarms';
import { QueueName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/**
 * Wake-ups live in Redis, alarms and their moments in PostgreSQL. A marker key written next to the wake-ups
 * tells the sweep whether Redis still holds what was set: when it is gone (FLUSHALL, a Redis restarted without
 * persistence) the wake-up of every moment not rung yet is set again from `sla_moments`, which are rows and
 * survived. An arming job Redis lost with them leaves its case lagging
 * behind its version: the sweep re-arms it, at once in the pass that found the loss.
 */
@Injectable()
export class LostTimers {
  private readonly logger = new Logger(LostTimers.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueService,
    private readonly time: TimeSource,
  ) {}

  /** Whether Redis lost its keys since the last look (and then how many wake-ups were set again). */
  async rearmWakeupsIfRedisLost(): Promise<{ lost: boolean; wakeups: number }> {
    const redis = this.queues.redis;
    // On the PostgreSQL queue backend the wake-ups are rows of the same database: nothing to lose apart.
    if (!redis) return { lost: false, wakeups: 0 };
    const marker = `${this.queues.options.prefix}:sla:armed`;
    if (await redis.exists(marker)) return { lost: false, wakeups: 0 };
    const now = this.time.now();
    // Every moment an alarm waits for had its wake-up set when it was made: set them all again.
    const moments: { ms: string }[] = await this.dataSource.query(
      `SELECT floor(extract(epoch FROM m.due_at) * 1000) AS ms FROM sla_moments m
        WHERE m.fired_at IS NULL AND m.due_at > $1 AND EXISTS (SELECT 1 FROM sla_alarm_rows r WHERE r.moment_id = m.id)`,
      [now],
    );
    for (let i = 0; i < moments.length; i += 1000) {
      await this.queues.addBulk(
        QueueName.Alarms,
        moments.slice(i, i + 1000).map(({ ms }) => wakeupJob(Number(ms), now.getTime())),
      );
    }
    await redis.set(marker, now.toISOString());
    if (moments.length) this.logger.warn(`SLA wake-ups missing from Redis: set again for ${moments.length} moments`);
    return { lost: true, wakeups: moments.length };
  }
}
