import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { observeLateness } from './alarm-lateness';
import { RecordedAlarm, tellAlarms } from './alarm-messages';

/** Timers one statement claims at most. */
export const FIRE_BATCH = 2_000;
/** Drainers asked to join when an instant holds more than one batch (any process consuming the alarms queue). */
export const FIRE_HELPERS = 3;

/**
 * Fires what is due: the one place an SLA alarm is recorded. Arming wrote each alarm still to come as a row of
 * `sla_timers`; at its moment one statement claims a batch of due timers (`FOR UPDATE SKIP LOCKED`, so
 * concurrent drainers share them out), deletes them and records them as `sla_alarms`, and the same transaction
 * tells people. A timer whose clock has an event newer than its arming (paused, stopped, reset, the stage left)
 * is stale: claimed and dropped without an alarm (the transition that wrote the event queued a re-arm, which
 * writes the run's timers afresh; the sweep re-arms whatever that missed). `uq_sla_alarms_once` keeps each alarm once per clock run.
 */
@Injectable()
export class AlarmFiring {
  private readonly logger = new Logger(AlarmFiring.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly time: TimeSource,
    private readonly queues: QueueService,
  ) {}

  /**
   * Drains what is due now, batch after batch; returns how many alarms it recorded. `wake` is the instant of the
   * wake-up that called it: when more than a batch is due, helpers are queued for that instant (once), so the
   * other processes drain alongside.
   */
  async drain(wake?: { dueAt: string }): Promise<number> {
    let recorded = 0;
    for (let round = 0; ; round++) {
      const batch = await this.fireBatch();
      recorded += batch.recorded;
      if (batch.claimed < FIRE_BATCH) return recorded;
      if (round === 0 && wake) await this.askForHelp(wake.dueAt);
    }
  }

  private async askForHelp(dueAt: string): Promise<void> {
    const instant = new Date(dueAt).getTime();
    for (let helper = 1; helper <= FIRE_HELPERS; helper++) {
      await this.queues.add({ name: JobName.FireAlarm, data: { dueAt, helper } }, { jobId: jobIdOf('alarm-help', instant, helper) });
    }
  }

  private async fireBatch(): Promise<{ claimed: number; recorded: number }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.time.now();
      const rows: (Partial<RecordedAlarm> & { claimed: string; lateness_ms: string | null })[] = await manager.query(
        `WITH claimed AS (
           DELETE FROM sla_timers t USING (
             SELECT s.application_id, s.clock, s.epoch, s.level FROM sla_timers s
              WHERE s.due_at <= $1 ORDER BY s.due_at LIMIT $2 FOR UPDATE OF s SKIP LOCKED) c
           WHERE t.application_id = c.application_id AND t.clock = c.clock AND t.epoch = c.epoch AND t.level = c.level
           RETURNING t.*),
         recorded AS (
           INSERT INTO sla_alarms (application_id, clock, epoch, level, due_at, fired_at, lateness_ms)
           SELECT k.application_id, k.clock, k.epoch, k.level, k.due_at, $1,
                  GREATEST(0, (extract(epoch FROM $1::timestamptz - k.due_at) * 1000)::bigint)
             FROM claimed k
            WHERE NOT EXISTS (SELECT 1 FROM clock_events e
                               WHERE e.application_id = k.application_id AND e.clock = k.clock AND e.id > k.last_event_id)
           ON CONFLICT DO NOTHING RETURNING id, application_id, clock, level, lateness_ms)
         SELECT n.claimed, r.* FROM (SELECT count(*) AS claimed FROM claimed) n LEFT JOIN recorded r ON true`,
        [now, FIRE_BATCH],
      );
      const alarms = rows.filter((r) => r.id !== null && r.id !== undefined) as (RecordedAlarm & { lateness_ms: string })[];
      for (const alarm of alarms) observeLateness(Number(alarm.lateness_ms) / 1000);
      await tellAlarms(manager, alarms);
      if (alarms.length) this.logger.log(`SLA: ${alarms.length} alarms recorded`);
      return { claimed: Number(rows[0]?.claimed ?? 0), recorded: alarms.length };
    });
  }
}
