import { Injectable } from '@nestjs/common';
import { AlarmFiring } from '@app/alarms';
import { FINAL_STATUSES } from '@app/domain';
import { TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ArmClocks } from './arm-clocks';
import { LostTimers } from './lost-timers';
import { OverdueDeadlines } from './overdue-deadlines';

/** Cases the sweep re-arms at once. */
const ARM_CONCURRENCY = 16;

/**
 * One pass of the periodic sweep: re-arms cases whose clocks changed since they were armed (an arm job lost with
 * Redis), fires the timers whose moment passed (a wake-up lost or late), and re-queues the jobs of passed
 * deadlines (公示, 补正, offers).
 */
@Injectable()
export class SlaSweep {
  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly arming: ArmClocks,
    private readonly firing: AlarmFiring,
    private readonly lostTimers: LostTimers,
    private readonly deadlines: OverdueDeadlines,
  ) {}

  async sweep(limit = 1000, budgetMs = 20_000): Promise<{ rearmed: number; fired: number; deadlines: Record<string, number> }> {
    const started = Date.now();
    await this.lostTimers.forgetArmingIfRedisLost();
    let rearmed = 0;
    // Re-arms in batches until none is left or the time budget is spent (the next sweep goes on).
    for (;;) {
      const stale: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM applications
          WHERE status <> ALL($2::text[]) AND (alarms_armed_version IS DISTINCT FROM version) LIMIT $1`,
        [limit, FINAL_STATUSES],
      );
      // A few at a time: arming is I/O-bound (two reads, one Redis round trip, three writes per case).
      for (let i = 0; i < stale.length; i += ARM_CONCURRENCY) {
        await Promise.all(stale.slice(i, i + ARM_CONCURRENCY).map((row) => this.arming.arm(row.id)));
      }
      rearmed += stale.length;
      if (stale.length < limit || Date.now() - started > budgetMs) break;
    }
    const fired = await this.firing.drain();
    const deadlines = await this.deadlines.requeue(this.time.now(), limit);
    return { rearmed, fired, deadlines };
  }
}
