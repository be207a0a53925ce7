import { Injectable, Logger } from '@nestjs/common';
import { JobName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { observeLateness } from './alarm-lateness';
import { RecordedAlarm, tellAlarms } from './alarm-messages';

/** Timers one claim statement takes at most. */
export const FIRE_BATCH = 2_000;
/** Drainers asked to join when an instant holds more than one batch (any process consuming the alarms queue). */
export const FIRE_HELPERS = 3;
/**
 * A wake-up job is due this long before its moment: the drainer (and, for a large instant, its helpers, asked
 * then) is awake and waiting when the moment comes, instead of starting after the queue's delay.
 */
export const WAKE_EARLY_MS = 300;

/** The wake-up job of a moment (ms): one per moment whatever arms it (a deterministic id), due a little early. */
export function wakeupJob(moment: number, now: number): { name: JobName.FireAlarm; data: { dueAt: string }; jobId: string; delayMs: number } {
  return { name: JobName.FireAlarm, data: { dueAt: new Date(moment).toISOString() }, jobId: jobIdOf('alarm', moment), delayMs: moment - WAKE_EARLY_MS - now };
}

/**
 * The claim: one statement (its own transaction) takes a batch of due timers (`FOR UPDATE SKIP LOCKED`, so
 * concurrent drainers share them out), deletes them, records the live ones as `sla_alarms` and queues the batch
 * for telling (`sla_untold_alarms`, one row). `fired_at` is the moment the row was written, in the engine's time
 * (the claim's `now` plus the time the statement has run), so a long batch does not date its last alarms at
 * its start.
 */
const CLAIM = `
  WITH claimed AS (
    DELETE FROM sla_timers t
     WHERE t.ctid = ANY(ARRAY(SELECT s.ctid FROM sla_timers s WHERE s.due_at <= $1 ORDER BY s.due_at LIMIT $2 FOR UPDATE SKIP LOCKED))
    RETURNING t.*),
  live AS (
    SELECT k.*, $1::timestamptz + (clock_timestamp() - statement_timestamp()) AS fired_at FROM claimed k
     WHERE NOT EXISTS (SELECT 1 FROM clock_events e
                        WHERE e.application_id = k.application_id AND e.clock = k.clock AND e.id > k.last_event_id)),
  recorded AS (
    INSERT INTO sla_alarms (application_id, clock, epoch, level, due_at, fired_at, lateness_ms)
    SELECT application_id, clock, epoch, level, due_at, fired_at,
           GREATEST(0, (extract(epoch FROM fired_at - due_at) * 1000)::bigint) FROM live
    ON CONFLICT DO NOTHING RETURNING id, due_at),
  untold AS (
    INSERT INTO sla_untold_alarms (alarm_ids) SELECT array_agg(id) FROM recorded HAVING count(*) > 0)
  SELECT (SELECT count(*) FROM claimed)::int AS claimed,
         (SELECT COALESCE(json_agg(floor(extract(epoch FROM due_at) * 1000)), '[]'::json) FROM recorded) AS due`;

/** Telling: one recorded batch, taken off the untold list in the transaction that writes its messages. */
const TAKE_UNTOLD = `
  WITH batch AS (
    DELETE FROM sla_untold_alarms u
     WHERE u.id = (SELECT id FROM sla_untold_alarms ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING u.alarm_ids)
  SELECT s.id, s.application_id, s.clock, s.level FROM batch JOIN sla_alarms s ON s.id = ANY(batch.alarm_ids)`;

/**
 * Fires what is due: the one place an SLA alarm is recorded. Arming wrote each alarm still to come as a row of
 * `sla_timers`; at its moment claim statements record every due timer as an `sla_alarms` row, a batch at a
 * time — that is the alarm firing, and all an instant's alarms are recorded before anyone is told. A timer whose
 * clock has an event newer than its arming (paused, stopped, reset, the stage left) is stale: claimed and
 * dropped without an alarm (the transition that wrote the event queued a re-arm, which writes the run's timers
 * afresh; the sweep re-arms whatever that missed). `uq_sla_alarms_once` keeps each alarm once per clock run.
 * Then the recorded batches are told (`tellAlarms`), each in one transaction that takes it off
 * `sla_untold_alarms`: a drainer that stops between the two leaves its batches to the next drain (any wake-up,
 * the sweep), and nobody is told twice (one message per person and alarm).
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
   * Records what is due now, batch after batch, then tells what is recorded; returns how many alarms it
   * recorded.
   */
  async drain(): Promise<number> {
    let recorded = 0;
    for (;;) {
      const batch = await this.claimBatch();
      recorded += batch.recorded;
      if (batch.claimed < FIRE_BATCH) break;
    }
    if (recorded) this.logger.log(`SLA: ${recorded} alarms recorded`);
    while ((await this.tellBatch()) > 0);
    return recorded;
  }

  /** How many timers are due by `moment` (counting stops past a batch). */
  private async dueAt(moment: number): Promise<number> {
    const [{ n }]: { n: number }[] = await this.dataSource.query(
      'SELECT count(*)::int AS n FROM (SELECT 1 FROM sla_timers WHERE due_at <= $1 LIMIT $2 + 1) due',
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

  private async claimBatch(): Promise<{ claimed: number; recorded: number }> {
    const [row]: { claimed: number; due: number[] }[] = await this.dataSource.query(CLAIM, [this.time.now(), FIRE_BATCH]);
    // The metric counts to the commit (when a reader can see the alarm), a little after each row's fired_at.
    const committed = this.time.now().getTime();
    for (const due of row.due) observeLateness(Math.max(0, committed - due) / 1000);
    return { claimed: row.claimed, recorded: row.due.length };
  }

  /** Tells one recorded batch; returns how many alarms it held (0: none was left). */
  private async tellBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const alarms: RecordedAlarm[] = await manager.query(TAKE_UNTOLD);
      await tellAlarms(manager, alarms);
      return alarms.length;
    });
  }
}
