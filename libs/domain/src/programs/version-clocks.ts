import { LocalDate, WorkingDayCalendar } from '../calendar';
import { AlarmPolicy } from '../clock/alarm-policy';
import { ClockEvent, ClockEventType } from '../clock/clock-events';
import { ClockStatus, evaluateClock } from '../clock/evaluate-clock';
import { alarmPolicyOf } from './escalation-chain';
import { ProgramVersion } from './program-version';

/** A clock event as stored: the clock it belongs to, and whatever else the reader kept (id, moment). */
export interface ClockRowLike {
  clock: string;
  type: ClockEventType;
  on: LocalDate;
}

/** The current run of one clock of a case, with the limit and alarm policy its program version gives it. */
export interface ClockRun<R extends ClockRowLike = ClockRowLike> {
  clock: string;
  limitDays: number;
  /** The stored rows of the run, in order (the caller's own type: ids and moments stay attached). */
  rows: R[];
  events: ClockEvent[];
  policy: AlarmPolicy;
}

/**
 * The working-day limit of a clock under a version: 承诺时限 for the case clock, the stage's limit for a stage
 * counted in working days; null for a clock without one (calendar-day stages, disbursement).
 */
export function clockLimitOf(definition: ProgramVersion, clock: string): number | null {
  if (clock === 'case') return definition.promisedLimitDays;
  return definition.stages.find((s) => s.code === clock && s.unit === 'working')?.limitDays ?? null;
}

/**
 * The current run of `clock` among a case's clock events (in recorded order): the case clock (承诺时限) from its
 * start, a stage clock from its latest start (a stage entered again after 补正 runs afresh). Null when the clock
 * has no working-day limit or never started. The one definition of "which events count" that arming, the
 * cached due dates and the roll-up share.
 */
export function currentRun<R extends ClockRowLike>(rows: readonly R[], clock: string, definition: ProgramVersion): ClockRun<R> | null {
  const limitDays = clockLimitOf(definition, clock);
  if (limitDays === null) return null;
  const own = rows.filter((r) => r.clock === clock);
  const types = own.map((r) => r.type);
  const from = clock === 'case' ? types.indexOf('start') : types.lastIndexOf('start');
  if (from < 0) return null;
  const run = own.slice(from);
  return { clock, limitDays, rows: run, events: run.map((r) => ({ type: r.type, on: r.on })), policy: alarmPolicyOf(definition) };
}

/** A clock with no event yet (evaluates as not started), for readers that show a standing regardless. */
export function idleRun(clock: string, definition: ProgramVersion): ClockRun {
  return { clock, limitDays: clockLimitOf(definition, clock) ?? 0, rows: [], events: [], policy: alarmPolicyOf(definition) };
}

/** The current run of every clock of the case that has a limit, in the order each first appears. */
export function currentRuns<R extends ClockRowLike>(rows: readonly R[], definition: ProgramVersion): ClockRun<R>[] {
  const runs: ClockRun<R>[] = [];
  for (const clock of new Set(rows.map((r) => r.clock))) {
    const run = currentRun(rows, clock, definition);
    if (run) runs.push(run);
  }
  return runs;
}

/** A run's standing on `today` (or at its due date / stop), under its version's alarm policy. */
export function evaluateRun(run: ClockRun, calendar: WorkingDayCalendar, today?: LocalDate): ClockStatus {
  return evaluateClock({ events: run.events, limitDays: run.limitDays, calendar, today, policy: run.policy });
}
