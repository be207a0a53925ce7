import { Injectable } from '@nestjs/common';
import { AlarmFiring } from '@app/alarms';
import { FINAL_STATUSES } from '@app/domain';
import { TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { ARM_BATCH, ArmClocks } from './arm-clocks';
import { LostTimers } from './lost-timers';
import { OverdueDeadlines } from './overdue-deadlines';

/**
 * A case whose arming lags its version for this long lost its arming: the sweep re-arms it. A transition arms
 * its case in its own transaction (alarms_armed_version = its version when it commits), so only an arming
 * still queued as an ArmClocks job (one queued before transitions armed their case) lags for a while,
 * and re-arming it from the sweep meanwhile would only do the same work twice. A clock stopped meanwhile cannot
 * ring: its alarms are stale, never shown, and dropped when told.
 */
export const REARM_AFTER_SECONDS = 60;

/**
 * One pass of the periodic sweep: re-arms cases whose arming was lost, sets the wake-ups again if Redis
 * lost them, rings the moments that passed (a wake-up lost or late), and re-queues the jobs of passed
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

  async sweep(
    limit = 1000,
    budgetMs = 20_000,
    rearmAfterSeconds = REARM_AFTER_SECONDS,
  ): Promise<{ rearmed: number; wakeups: number; fired: number; deadlines: Record<string, number> }> {
    const started = Date.now();
    const redis = await this.lostTimers.rearmWakeupsIfRedisLost();
    // Redis just lost its keys: the arming jobs still queued are gone too, so every lagging case is re-armed now.
    const lagFor = redis.lost ? 0 : rearmAfterSeconds;
    let rearmed = 0;
    // Re-arms in batches (one read and one write each), in id order, until none is left or the time budget is
    // spent (the next sweep goes on). A case a transition holds is skipped: that transition arms it.
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const lagging: { id: string }[] = await this.dataSource.query(
        `SELECT id FROM applications
          WHERE status <> ALL($2::text[]) AND alarms_armed_version IS DISTINCT FROM version
            AND updated_at < now() - make_interval(secs => $3) AND id > $4
          ORDER BY id LIMIT $1`,
        [limit, FINAL_STATUSES, lagFor, after],
      );
      for (let i = 0; i < lagging.length; i += ARM_BATCH) {
        const armed = await this.arming.armMany(lagging.slice(i, i + ARM_BATCH).map((r) => r.id), { skipLocked: true });
        rearmed += armed.cases;
      }
      if (lagging.length < limit || Date.now() - started > budgetMs) break;
      after = lagging[lagging.length - 1].id;
    }
    const fired = await this.firing.drain();
    // Moments rung whose alarms are all told (or dropped) are done with.
    await this.dataSource.query(
      `DELETE FROM sla_moments m WHERE m.fired_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM sla_alarm_rows r WHERE r.moment_id = m.id)`,
    );
    const deadlines = await this.deadlines.requeue(this.time.now(), limit);
    return { rearmed, wakeups: redis.wakeups, fired, deadlines };
  }
}
