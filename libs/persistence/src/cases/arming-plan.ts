import { alarmLevelOf, clockAlarms, ClockRun, currentRuns, evaluateRun, LocalDate, ProgramVersion, WorkingDayCalendar } from '@app/domain';
import { startOfShanghaiDay } from '../time-source';
import { StoredClockRow } from './case-clocks';

/** A clock's current run as the SLA engine arms it: which event began the run, and when its latest came. */
export interface RunningClock extends ClockRun<StoredClockRow> {
  /** Id of the clock event that began this run (start or reset): alarms fire once per run. */
  epoch: string;
  /** Id of the latest event of the run: a newer one makes the run's armed timers stale. */
  lastEventId: string;
  /** When the latest event of this run was recorded: no alarm of the run was known, so due, before it. */
  since: Date | null;
}

/**
 * The moment an alarm of a clock run was due: the start of its Shanghai day, or — when the clock event that put
 * the alarm on that day came later (a one-day stage turns yellow the day it starts, a resumed clock may be due
 * the day it resumes) — the moment of that event. Lateness counts from here, never from a midnight before it.
 */
export function alarmDueAt(on: LocalDate, clock: RunningClock): Date {
  const dayStart = startOfShanghaiDay(on);
  return clock.since !== null && clock.since.getTime() > dayStart.getTime() ? clock.since : dayStart;
}

/** The clocks of a case that have a working-day limit, each cut to its current run (`currentRuns`). */
export function clocksOf(rows: StoredClockRow[], definition: ProgramVersion): RunningClock[] {
  return currentRuns(rows, definition).flatMap((run) => {
    const epochRow = [...run.rows].reverse().find((r) => r.type === 'start' || r.type === 'reset');
    const last = run.rows[run.rows.length - 1];
    if (!epochRow || !last) return [];
    return [{ ...run, epoch: epochRow.id, lastEventId: last.id, since: last.at === undefined ? null : new Date(last.at) }];
  });
}

/** One alarm of a clock run still to ring, as a row of `sla_timers`. */
export interface WantedTimer {
  application_id: string;
  clock: string;
  epoch: string;
  level: string;
  /** ISO moment, to the millisecond. */
  due_at: string;
  last_event_id: string;
}

/** A running clock's row of `sla_running_clocks` (what the dashboard, the at-risk list and the forecast read). */
export interface RunningClockRow {
  application_id: string;
  clock: string;
  program_code: string;
  region_code: string;
  limit_days: number;
  counting_from: string | null;
  yellow_on: string;
  due_on: string;
}

/**
 * What arming a case should leave in PostgreSQL, computed from its clock events alone: every alarm of each
 * running clock (yellow, red, each escalation; the past ones too — they fire at once unless recorded already)
 * and the running clocks' yellow days and due dates. The same events and calendar give the same plan, so
 * arming a case twice writes nothing the second time.
 */
export function armingPlan(
  app: { id: string; program_code: string; region_code: string },
  clocks: RunningClock[],
  calendar: WorkingDayCalendar,
): { timers: WantedTimer[]; running: RunningClockRow[] } {
  const timers = clocks.flatMap((clock) =>
    clockAlarms({ events: clock.events, limitDays: clock.limitDays, calendar, policy: clock.policy }).map((alarm) => ({
      application_id: app.id,
      clock: clock.clock,
      epoch: clock.epoch,
      level: alarmLevelOf(alarm),
      due_at: alarmDueAt(alarm.on, clock).toISOString(),
      last_event_id: clock.lastEventId,
    })),
  );
  const running = clocks.flatMap((clock) => {
    const status = evaluateRun(clock, calendar);
    if (status.state !== 'running' || status.due === null || status.yellowFrom === null) return [];
    return [{
      application_id: app.id,
      clock: clock.clock,
      program_code: app.program_code,
      region_code: app.region_code,
      limit_days: clock.limitDays,
      counting_from: status.countingFrom,
      yellow_on: status.yellowFrom,
      due_on: status.due,
    }];
  });
  return { timers, running };
}
