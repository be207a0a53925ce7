import { Injectable, Logger } from '@nestjs/common';
import { clockAlarms, evaluateClock } from '@app/domain';
import { CalendarService, ClockRow, ProgramCatalog, TimeSource } from '@app/persistence';
import { DataSource } from 'typeorm';
import { levelOf, observeLateness } from './alarm-clock';
import { RecordedAlarm, tellAlarms } from './alarm-messages';
import { alarmDueAt, clocksOf } from './running-clocks';

/** Cases one transaction fires at most. */
export const BURST_BATCH = 200;

/**
 * Fires every case whose bookmark (`next_alarm_at`) has passed, a batch per transaction, in a handful of
 * statements per batch instead of a handful per case. Every alarm of a day is due at the same instant (the
 * start of its Shanghai day), so at that instant thousands of timers ring together: the first timer jobs drain
 * the lot between them (`FOR UPDATE SKIP LOCKED` shares the rows out), and the rest find nothing due and
 * return after one query. The rules are those of `AlarmClock.fireDue`: re-read the clock events, record an
 * alarm only if its clock is still running and its day has come, once per clock run.
 */
@Injectable()
export class AlarmBurst {
  private readonly logger = new Logger(AlarmBurst.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly catalog: ProgramCatalog,
    private readonly calendars: CalendarService,
    private readonly time: TimeSource,
  ) {}

  /** Drains what is due now; returns the number of alarms recorded. */
  async drain(): Promise<number> {
    let recorded = 0;
    for (;;) {
      const { cases, alarms } = await this.fireBatch();
      recorded += alarms;
      if (cases < BURST_BATCH) return recorded;
    }
  }

  private async fireBatch(): Promise<{ cases: number; alarms: number }> {
    return this.dataSource.transaction(async (manager) => {
      const now = this.time.now();
      const today = this.time.today();
      const apps: { id: string; program_version_id: string }[] = await manager.query(
        `SELECT id, program_version_id FROM applications WHERE next_alarm_at <= $1
          ORDER BY next_alarm_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [now, BURST_BATCH],
      );
      if (apps.length === 0) return { cases: 0, alarms: 0 };
      const events: (ClockRow & { id: string; application_id: string; at: Date })[] = await manager.query(
        `SELECT application_id, id, clock, type, to_char(on_date, 'YYYY-MM-DD') AS "on", at FROM clock_events
          WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, id`,
        [apps.map((a) => a.id)],
      );
      const byCase = new Map<string, (ClockRow & { id: string; at: Date })[]>();
      for (const e of events)
        (byCase.get(e.application_id) ?? byCase.set(e.application_id, []).get(e.application_id)!).push(e);

      const calendar = this.calendars.calendar();
      const due: { applicationId: string; clock: string; epoch: string; level: string; dueAt: Date }[] = [];
      const next: (Date | null)[] = [];
      for (const app of apps) {
        const { definition } = await this.catalog.byId(app.program_version_id, manager);
        let soonest: number | null = null;
        for (const clock of clocksOf(byCase.get(app.id) ?? [], definition)) {
          const status = evaluateClock({ events: clock.events, limitDays: clock.limitDays, calendar, today });
          if (status.state !== 'running') continue;
          for (const alarm of clockAlarms({
            events: clock.events,
            limitDays: clock.limitDays,
            calendar,
            policy: clock.policy,
          })) {
            const at = alarmDueAt(alarm.on, clock);
            if (alarm.on > today) soonest = soonest === null ? at.getTime() : Math.min(soonest, at.getTime());
            else
              due.push({
                applicationId: app.id,
                clock: clock.clock,
                epoch: clock.epoch,
                level: levelOf(alarm),
                dueAt: at,
              });
          }
        }
        next.push(soonest === null ? null : new Date(soonest));
      }

      let recorded: (RecordedAlarm & { lateness_ms: string })[] = [];
      if (due.length) {
        recorded = await manager.query(
          `INSERT INTO sla_alarms (application_id, clock, epoch, level, due_at, fired_at, lateness_ms)
           SELECT a, c, e, l, d, $6::timestamptz, GREATEST(0, (extract(epoch FROM $6::timestamptz - d) * 1000)::bigint)
             FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[]) AS t(a, c, e, l, d)
           ON CONFLICT DO NOTHING RETURNING id, application_id, clock, level, lateness_ms`,
          [
            due.map((d) => d.applicationId),
            due.map((d) => d.clock),
            due.map((d) => d.epoch),
            due.map((d) => d.level),
            due.map((d) => d.dueAt),
            now,
          ],
        );
        for (const r of recorded) observeLateness(Number(r.lateness_ms) / 1000);
        await tellAlarms(manager, recorded);
        if (recorded.length)
          this.logger.log(`SLA: ${recorded.length} alarms recorded for ${apps.length} cases`);
      }
      // Moves each bookmark past what just rang; the future timers are armed already.
      await manager.query(
        `UPDATE applications a SET next_alarm_at = t.next FROM unnest($1::uuid[], $2::timestamptz[]) AS t(id, next) WHERE a.id = t.id`,
        [apps.map((a) => a.id), next],
      );
      return { cases: apps.length, alarms: recorded.length };
    });
  }
}
