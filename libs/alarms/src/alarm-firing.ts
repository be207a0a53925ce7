import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { TimeSource, WAKE_EARLY_MS } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { observeLateness } from './alarm-lateness';
import { RecordedAlarm, tellAlarms } from './alarm-messages';

/** Alarms one telling transaction takes at most. */
export const FIRE_BATCH = 2_000;
/** Drainers asked to join (and tell) when an instant holds more than one batch (any process consuming the alarms queue). */
export const FIRE_HELPERS = 3;
/** Wake-ups are due WAKE_EARLY_MS before their moment (the transitions' own, through the outbox, as well). */
export { WAKE_EARLY_MS };

/** The wake-up job of a moment (ms): one per moment whatever arms it (a deterministic id), due a little early. */
export function wakeupJob(moment: number, now: number): { name: JobName.FireAlarm; data: { dueAt: string }; jobId: string; delayMs: number } {
  return { name: JobName.FireAlarm, data: { dueAt: new Date(moment).toISOString() }, jobId: jobIdOf('alarm', moment), delayMs: moment - WAKE_EARLY_MS - now };
}

/**
 * Ringing: one statement marks every moment due by `$1` rung, in id order (armings hold the moments they place
 * alarms on `FOR SHARE` in the same order, so the two wait for each other, never deadlock). From its commit every
 * alarm waiting on those moments is fired for every reader (the view `sla_alarms`), however many there are: the
 * alarms were written when their clocks were armed. `fired_at` is the engine's time of the ring, one for all the
 * moments it rings (alarms that fire together are then ordered by their due moments).
 */
const RING = `
  UPDATE sla_moments m SET fired_at = (SELECT $1::timestamptz + (clock_timestamp() - statement_timestamp()))
   WHERE m.id IN (SELECT id FROM sla_moments WHERE due_at <= $1 AND fired_at IS NULL ORDER BY id FOR UPDATE)
  RETURNING m.id`;

/**
 * Telling: a batch of alarms whose moment rang, settled in the transaction that writes their messages
 * (`fired_at` and `lateness_ms` copied in, the moment cleared; `SKIP LOCKED`, so drainers share them out). An
 * alarm whose clock had a newer event before its due moment (paused, stopped, reset: a reader never saw it) is
 * dropped instead.
 */
const SETTLE = `
  WITH batch AS MATERIALIZED (
    SELECT r.id, m.fired_at AS rang_at,
           r.fired_at IS NULL AND EXISTS (SELECT 1 FROM clock_events e
                                           WHERE e.application_id = r.application_id AND e.clock = r.clock
                                             AND e.id > r.last_event_id AND e.at < r.due_at) AS stale
      FROM sla_moments m JOIN sla_alarm_rows r ON r.moment_id = m.id
     WHERE m.fired_at IS NOT NULL
     LIMIT $1 FOR UPDATE OF r SKIP LOCKED),
  dropped AS (
    DELETE FROM sla_alarm_rows r USING batch b WHERE r.id = b.id AND b.stale RETURNING r.id),
  settled AS (
    UPDATE sla_alarm_rows r SET fired_at = COALESCE(r.fired_at, b.rang_at),
           lateness_ms = COALESCE(r.lateness_ms, GREATEST(0, (extract(epoch FROM b.rang_at - r.due_at) * 1000)::bigint)),
           moment_id = NULL
      FROM batch b WHERE r.id = b.id AND NOT b.stale
    RETURNING r.id, r.application_id, r.clock, r.level, r.lateness_ms)
  SELECT (SELECT count(*) FROM batch)::int AS taken,
         (SELECT COALESCE(json_agg(json_build_object('id', id::text, 'application_id', application_id, 'clock', clock,
                                                     'level', level, 'lateness_ms', lateness_ms)), '[]'::json) FROM settled) AS alarms`;

/**
 * Fires what is due: the one place an SLA alarm fires. Arming wrote each alarm of a clock run as a row waiting
 * for its moment (`sla_moments`, one per distinct moment); at the moment one statement rings the moment, and
 * that commit fires all its alarms at once (`RING`) — that is the alarm firing, whatever the number of alarms.
 * An alarm whose clock had a newer event before its due moment (paused, stopped, reset, the stage left) never
 * shows (the view's check) and is dropped when its moment is told (the transition that wrote the event re-armed
 * the case in its own transaction, writing the run's alarms afresh; the sweep re-arms whatever that missed).
 * `uq_sla_alarms_once` keeps each alarm once per clock run. Then the fired alarms are told (`tellAlarms`), each batch in one
 * transaction that settles its rows: a drainer that stops between the two leaves them to the next drain (any
 * wake-up, the sweep), and nobody is told twice (one message per person and alarm).
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
   * A wake-up (or a helper) for the instant `dueAt`, taken a little before it: a wake-up whose instant holds more
   * than a batch asks for helpers (once, any process may take them), then each waits for the moment and drains.
   */
  async wake(dueAt: string, helper?: number): Promise<number> {
    const moment = new Date(dueAt).getTime();
    if (helper === undefined && (await this.dueAt(moment)) > FIRE_BATCH) await this.askForHelp(dueAt);
    // Never longer than the lead (a clock set back meanwhile): what is not due then is the sweep's.
    const wait = Math.min(moment - this.time.now().getTime(), 2 * WAKE_EARLY_MS);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return this.drain();
  }

  /**
   * Rings every moment due now, then tells (and settles) what rang; returns how many alarms it told (the
   * alarms fired by this drain's ring and any left untold before).
   */
  async drain(): Promise<number> {
    await this.dataSource.query(RING, [this.time.now()]);
    let told = 0;
    for (;;) {
      const batch = await this.tellBatch();
      told += batch.told;
      if (batch.taken < FIRE_BATCH) break;
    }
    if (told) this.logger.log(`SLA: ${told} alarms fired and told`);
    return told;
  }

  /** How many alarms wait for moments due by `moment` (counting stops past a batch). */
  private async dueAt(moment: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM sla_moments m JOIN sla_alarm_rows r ON r.moment_id = m.id
          WHERE m.due_at <= $1 AND m.fired_at IS NULL LIMIT $2 + 1) due`,
      [new Date(moment), FIRE_BATCH],
    );
    return n;
  }

  private async askForHelp(dueAt: string): Promise<void> {
    const instant = new Date(dueAt).getTime();
    for (let helper = 1; helper <= FIRE_HELPERS; helper++) {
      await this.queues.add({ name: JobName.FireAlarm, data: { dueAt, helper } }, { jobId: jobIdOf('alarm-help', instant, helper) });
    }
  }

  /** Tells one batch of rung alarms (settling them); `taken`: rows it took, `told`: alarms among them not stale. */
  private async tellBatch(): Promise<{ taken: number; told: number }> {
    const { taken, alarms } = await this.dataSource.transaction(async (manager) => {
      const [row]: { taken: number; alarms: (RecordedAlarm & { lateness_ms: number })[] }[] = await manager.query(SETTLE, [FIRE_BATCH]);
      await tellAlarms(manager, row.alarms);
      return row;
    });
    // The metric: from the due moment to the ring (when every reader sees the alarm), counted once, when told.
    for (const alarm of alarms) observeLateness(Number(alarm.lateness_ms) / 1000);
    return { taken, told: alarms.length };
  }
}
