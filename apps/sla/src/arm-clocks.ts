import { Injectable } from '@nestjs/common';
import { AlarmFiring } from '@app/alarms';
import { JobName, QueueName } from '@app/contracts';
import { alarmLevelOf, clockAlarms } from '@app/domain';
import { CalendarService, ClockRow, ProgramCatalog, TimeSource } from '@app/persistence';
import { jobIdOf, QueueService } from '@app/queue';
import { DataSource } from 'typeorm';
import { recordRunningClocks } from './running-clock-rows';
import { alarmDueAt, clocksOf } from './running-clocks';

/**
 * Arming a case (the ArmClocks job, the sweep, the SLA repair): computes each running clock's yellow, red and
 * escalation moments, writes them as the case's `sla_timers` rows in one statement (replacing what an older
 * reading armed, skipping alarms already recorded), and sets one wake-up per distinct moment on the alarms queue
 * — the same moment for thousands of cases is one job (a deterministic id). What is due already fires now.
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

  /** Returns the number of the case's timers still to ring. */
  async arm(applicationId: string): Promise<number> {
    const [app]: { id: string; version: number; program_version_id: string; program_code: string; region_code: string }[] =
      await this.dataSource.query(
        `SELECT a.id, a.version, a.program_version_id, a.program_code, e.region_code
           FROM applications a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = $1`,
        [applicationId],
      );
    if (!app) return 0;
    const rows: (ClockRow & { id: string; at: Date })[] = await this.dataSource.query(
      `SELECT id, clock, type, to_char(on_date, 'YYYY-MM-DD') AS "on", at FROM clock_events WHERE application_id = $1 ORDER BY id`,
      [applicationId],
    );
    const { definition } = await this.catalog.byId(app.program_version_id);
    const clocks = clocksOf(rows, definition);
    const calendar = this.calendars.calendar();
    const timers = clocks.flatMap((clock) =>
      clockAlarms({ events: clock.events, limitDays: clock.limitDays, calendar, policy: clock.policy }).map((alarm) => ({
        clock: clock.clock,
        epoch: clock.epoch,
        level: alarmLevelOf(alarm),
        due_at: alarmDueAt(alarm.on, clock).toISOString(),
        last_event_id: clock.lastEventId,
      })),
    );
    // One statement: timers of runs that ended go, the others are written or moved; recorded alarms stay recorded.
    const armed: { due_at: Date }[] = await this.dataSource.query(
      `WITH wanted AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS w(clock text, epoch bigint, level text, due_at timestamptz, last_event_id bigint)),
       gone AS (
         DELETE FROM sla_timers t WHERE t.application_id = $1
            AND NOT EXISTS (SELECT 1 FROM wanted w WHERE w.clock = t.clock AND w.epoch = t.epoch AND w.level = t.level))
       INSERT INTO sla_timers (application_id, clock, epoch, level, due_at, last_event_id)
       SELECT $1, w.clock, w.epoch, w.level, w.due_at, w.last_event_id FROM wanted w
        WHERE NOT EXISTS (SELECT 1 FROM sla_alarms s
                           WHERE s.application_id = $1 AND s.clock = w.clock AND s.epoch = w.epoch AND s.level = w.level)
       ON CONFLICT (application_id, clock, epoch, level)
         DO UPDATE SET due_at = EXCLUDED.due_at, last_event_id = EXCLUDED.last_event_id
       RETURNING due_at`,
      [applicationId, JSON.stringify(timers)],
    );
    const now = this.time.now().getTime();
    const moments = [...new Set(armed.map((t) => new Date(t.due_at).getTime()))].sort((a, b) => a - b);
    const future = moments.filter((m) => m > now);
    // Every timer's wake-up is re-set (an id that exists already is kept as it is): after Redis lost them, the
    // sweep's re-arm brings them back.
    if (future.length) {
      await this.queues.addBulk(
        QueueName.Alarms,
        future.map((m) => ({ name: JobName.FireAlarm, data: { dueAt: new Date(m).toISOString() }, jobId: jobIdOf('alarm', m), delayMs: m - now })),
      );
    }
    await recordRunningClocks(this.dataSource, calendar, app, clocks);
    await this.dataSource.query(
      'UPDATE applications SET next_alarm_at = $2, alarms_armed_version = GREATEST(COALESCE(alarms_armed_version, 0), $3) WHERE id = $1',
      [applicationId, moments.length ? new Date(moments[0]) : null, app.version],
    );
    if (moments.length > future.length) await this.firing.drain();
    return armed.length;
  }
}
