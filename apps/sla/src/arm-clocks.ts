import { Injectable } from '@nestjs/common';
import { AlarmFiring, wakeupJob } from '@app/alarms';
import { QueueName } from '@app/contracts';
import { CalendarService, ClockRow, ProgramCatalog, TimeSource } from '@app/persistence';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { armingPlan, clocksOf, RunningClockRow, WantedTimer } from './running-clocks';

/** Cases armed by one pair of statements (the sweep's and the SLA repair's batches). */
export const ARM_BATCH = 200;

/** What one call of `armMany` did. */
export interface ArmOutcome {
  /** Cases armed (a case armed meanwhile for a newer version, or locked when `skipLocked`, is left alone). */
  cases: number;
  /** Their timers still to ring. */
  pending: number;
  /** Wake-up jobs set on the alarms queue (moments no wake-up was set for yet). */
  wakeups: number;
}

interface CaseToArm {
  id: string;
  version: number;
  program_version_id: string;
  program_code: string;
  region_code: string;
  events: (ClockRow & { id: string; at: number })[];
}

const READ_CASES = `
  SELECT a.id, a.version, a.program_version_id, a.program_code, e.region_code,
         COALESCE((SELECT json_agg(json_build_object('id', c.id::text, 'clock', c.clock, 'type', c.type,
                                                     'on', to_char(c.on_date, 'YYYY-MM-DD'),
                                                     'at', floor(extract(epoch FROM c.at) * 1000)) ORDER BY c.id)
                     FROM clock_events c WHERE c.application_id = a.id), '[]'::json) AS events
    FROM applications a JOIN enterprises e ON e.id = a.enterprise_id
   WHERE a.id = ANY($1::uuid[])`;

/**
 * The write of an arming, one statement for any number of cases: only what differs from what is stored is
 * written (timers, running clocks, `next_alarm_at` and `alarms_armed_version`), so re-arming an unchanged case
 * writes nothing. `guard` locks each case's row for the statement and leaves out a case armed meanwhile for a
 * newer version: an older reading can never overwrite a newer one's timers. A recorded alarm is never armed
 * again. `wake` records the moments that need a wake-up job and have none yet.
 */
function writeArming(skipLocked: boolean): string {
  return `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::int[]) AS i(id, version)),
  guard AS MATERIALIZED (
    SELECT a.id, i.version FROM applications a JOIN input i ON i.id = a.id
     WHERE COALESCE(a.alarms_armed_version, 0) <= i.version
     ORDER BY a.id FOR NO KEY UPDATE OF a${skipLocked ? ' SKIP LOCKED' : ''}),
  wanted AS (
    SELECT w.* FROM jsonb_to_recordset($3::jsonb)
             AS w(application_id uuid, clock text, epoch bigint, level text, due_at timestamptz, last_event_id bigint)
     WHERE w.application_id IN (SELECT id FROM guard)),
  pending AS (
    SELECT w.* FROM wanted w
     WHERE NOT EXISTS (SELECT 1 FROM sla_alarms s
                        WHERE s.application_id = w.application_id AND s.clock = w.clock AND s.epoch = w.epoch AND s.level = w.level)),
  gone AS (
    DELETE FROM sla_timers t WHERE t.application_id IN (SELECT id FROM guard)
       AND NOT EXISTS (SELECT 1 FROM wanted w
                        WHERE w.application_id = t.application_id AND w.clock = t.clock AND w.epoch = t.epoch AND w.level = t.level)
    RETURNING 1),
  written AS (
    INSERT INTO sla_timers AS t (application_id, clock, epoch, level, due_at, last_event_id)
    SELECT application_id, clock, epoch, level, due_at, last_event_id FROM pending
    ON CONFLICT (application_id, clock, epoch, level) DO UPDATE SET due_at = EXCLUDED.due_at, last_event_id = EXCLUDED.last_event_id
     WHERE (t.due_at, t.last_event_id) IS DISTINCT FROM (EXCLUDED.due_at, EXCLUDED.last_event_id)
    RETURNING 1),
  wake AS (
    INSERT INTO sla_wakeups (due_at) SELECT DISTINCT due_at FROM pending WHERE due_at > $5
    ON CONFLICT DO NOTHING RETURNING due_at),
  running AS (
    SELECT r.* FROM jsonb_to_recordset($4::jsonb) AS r(application_id uuid, clock text, program_code text, region_code text,
                                                      limit_days int, counting_from date, yellow_on date, due_on date)
     WHERE r.application_id IN (SELECT id FROM guard)),
  running_gone AS (
    DELETE FROM sla_running_clocks s WHERE s.application_id IN (SELECT id FROM guard)
       AND NOT EXISTS (SELECT 1 FROM running r WHERE r.application_id = s.application_id AND r.clock = s.clock)
    RETURNING 1),
  running_written AS (
    INSERT INTO sla_running_clocks AS s (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
    SELECT application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on FROM running
    ON CONFLICT (application_id, clock) DO UPDATE SET limit_days = EXCLUDED.limit_days, counting_from = EXCLUDED.counting_from,
       yellow_on = EXCLUDED.yellow_on, due_on = EXCLUDED.due_on
     WHERE (s.limit_days, s.counting_from, s.yellow_on, s.due_on)
           IS DISTINCT FROM (EXCLUDED.limit_days, EXCLUDED.counting_from, EXCLUDED.yellow_on, EXCLUDED.due_on)
    RETURNING 1),
  marked AS (
    UPDATE applications a SET next_alarm_at = n.next_at, alarms_armed_version = GREATEST(COALESCE(a.alarms_armed_version, 0), g.version)
      FROM guard g LEFT JOIN LATERAL (SELECT min(p.due_at) AS next_at FROM pending p WHERE p.application_id = g.id) n ON true
     WHERE a.id = g.id
       AND (a.next_alarm_at IS DISTINCT FROM n.next_at
            OR a.alarms_armed_version IS DISTINCT FROM GREATEST(COALESCE(a.alarms_armed_version, 0), g.version))
    RETURNING 1)
  SELECT (SELECT count(*) FROM guard)::int AS cases,
         (SELECT count(*) FROM pending)::int AS pending,
         (SELECT count(*) FROM pending WHERE due_at <= $5)::int AS due,
         ((SELECT count(*) FROM gone) + (SELECT count(*) FROM written) + (SELECT count(*) FROM running_gone)
          + (SELECT count(*) FROM running_written) + (SELECT count(*) FROM marked))::int AS changed,
         (SELECT COALESCE(json_agg(floor(extract(epoch FROM due_at) * 1000)), '[]'::json) FROM wake) AS wakeups`;
}

/**
 * Arming (the ArmClocks job, the sweep, the SLA repair): computes each running clock's yellow, red and
 * escalation moments and its yellow day and due date from the case's clock events, and makes PostgreSQL say so
 * — the case's `sla_timers` and `sla_running_clocks` rows, `next_alarm_at` — in one statement that writes only
 * what changed. A wake-up job is set on the alarms queue for each moment that has none yet (`sla_wakeups`):
 * thousands of cases due at one moment share one job, and re-arming an unchanged case sends nothing to Redis.
 * What is due already fires now. Two statements for a case or a batch of cases: one read, one write.
 */
@Injectable()
export class ArmClocks {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
    private readonly queues: QueueService,
    private readonly firing: AlarmFiring,
  ) {}

  /** Arms one case (waiting for its row if a transition holds it); returns the number of its timers still to ring. */
  async arm(applicationId: string): Promise<number> {
    return (await this.armMany([applicationId])).pending;
  }

  /**
   * Arms the cases (at most a batch is expected: one read and one write for all). `skipLocked` leaves out the
   * cases whose row another transaction holds (the sweep: their transition queues an arming of its own).
   */
  async armMany(ids: string[], options: { skipLocked?: boolean } = {}): Promise<ArmOutcome> {
    if (ids.length === 0) return { cases: 0, pending: 0, wakeups: 0 };
    const cases: CaseToArm[] = await this.dataSource.query(READ_CASES, [ids]);
    if (cases.length === 0) return { cases: 0, pending: 0, wakeups: 0 };
    const calendar = this.calendars.calendar();
    const timers: WantedTimer[] = [];
    const running: RunningClockRow[] = [];
    for (const app of cases) {
      const { definition } = await this.catalog.byId(app.program_version_id);
      const rows = app.events.map((e) => ({ ...e, at: new Date(Number(e.at)) }));
      const plan = armingPlan(app, clocksOf(rows, definition), calendar);
      timers.push(...plan.timers);
      running.push(...plan.running);
    }
    const now = this.time.now();
    const [result]: { cases: number; pending: number; due: number; changed: number; wakeups: number[] }[] = await this.dataSource.query(
      writeArming(options.skipLocked === true),
      [cases.map((c) => c.id), cases.map((c) => c.version), JSON.stringify(timers), JSON.stringify(running), now],
    );
    if (result.wakeups.length) await this.setWakeups(result.wakeups, now.getTime());
    if (result.due > 0) await this.firing.drain();
    return { cases: result.cases, pending: result.pending, wakeups: result.wakeups.length };
  }

  /**
   * One wake-up job per moment (a deterministic id: a job that exists already is kept). If Redis refuses them,
   * the moments are forgotten again so the next arming sets them (and the sweep fires what comes due meanwhile).
   */
  private async setWakeups(moments: number[], now: number): Promise<void> {
    try {
      await this.queues.addBulk(QueueName.Alarms, moments.map((m) => wakeupJob(m, now)));
    } catch (error) {
      await this.dataSource
        .query('DELETE FROM sla_wakeups WHERE due_at = ANY($1::timestamptz[])', [moments.map((m) => new Date(m))])
        .catch(() => undefined);
      throw error;
    }
  }
}
