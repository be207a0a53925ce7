import { dayNumber, fromDayNumber, LocalDate, WorkingDayCalendar } from '../calendar';
import { DomainError } from '../workflow/domain-error';
import { AlarmPolicy, DEFAULT_ALARM_POLICY, EscalationLevel, validateAlarmPolicy, yellowThreshold } from './alarm-policy';
import { ClockEvent, ClockTimeline, foldClockEvents } from './clock-events';

export interface ClockInput {
  events: readonly ClockEvent[];
  /** N, the limit in working days (承诺时限 or a stage limit). */
  limitDays: number;
  calendar: WorkingDayCalendar;
  /** The Asia/Shanghai day to evaluate at; ignored once the clock is stopped. */
  today?: LocalDate;
  policy?: AlarmPolicy;
}

/**
 * A clock's standing, evaluated at one day: the stop day when stopped, else `today`, else (no `today`) the
 * due date, or the pause day while suspended — so without `today`, countedDays is the count at the due
 * date, which is what the CLI contract reports for a case that is not stopped.
 */
export interface ClockStatus {
  state: 'not-started' | 'running' | 'paused' | 'stopped';
  /** The day counting starts after: acceptance, or the last reset. */
  countingFrom: LocalDate | null;
  /** The earliest day with N counted days; null before the start and while a pause is open (suspended). */
  due: LocalDate | null;
  /** The day the status is evaluated at (see above). */
  evaluatedOn: LocalDate | null;
  countedDays: number;
  /** N − countedDays, never below 0; null when not started or stopped. */
  remainingDays: number | null;
  /** Stopped on or before the due date; null until stopped. */
  onTime: boolean | null;
  level: 'green' | 'yellow' | 'red';
  /** The first day the remaining counted days are at most the yellow threshold. */
  yellowFrom: LocalDate | null;
  /** Counted days past the due date (pauses after the due date do not count either). */
  overdueWorkingDays: number;
  /** 0 on time; 1 red (section head); 2 deputy; 3 head. */
  escalationLevel: EscalationLevel;
}

/** The folded clock plus the questions every evaluation asks of it. */
export class ClockCounter {
  constructor(
    readonly timeline: ClockTimeline,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  /** Counted days in (origin, day]. */
  countedThrough(day: number): number {
    let counted = 0;
    for (const { from, to } of this.timeline.segments) {
      if (day <= from) break;
      counted += this.calendar.countBetween(from, Math.min(to, day));
    }
    return counted;
  }

  /** The earliest day with k counted days; null if an open pause comes first. */
  dayOfCount(k: number): number | null {
    if (k <= 0) return this.timeline.origin;
    let counted = 0;
    for (const { from, to } of this.timeline.segments) {
      const inSegment = to === Infinity ? Infinity : this.calendar.countBetween(from, to);
      if (counted + inSegment >= k) return this.calendar.addWorkingDaysToDayNumber(from, k - counted);
      counted += inSegment;
    }
    return null;
  }
}

function assertLimit(limitDays: number): void {
  if (!Number.isSafeInteger(limitDays) || limitDays < 0) {
    throw DomainError.invalid([{ field: 'limitDays', message: `must be a non-negative integer, got ${limitDays}` }]);
  }
}

export function evaluateClock(input: ClockInput): ClockStatus {
  const { limitDays: n, calendar } = input;
  const policy = input.policy ?? DEFAULT_ALARM_POLICY;
  assertLimit(n);
  validateAlarmPolicy(policy);
  const timeline = foldClockEvents(input.events);
  const today = input.today === undefined ? null : dayNumber(input.today);

  if (timeline.state === 'not-started') {
    return {
      state: 'not-started',
      countingFrom: null,
      due: null,
      evaluatedOn: input.today ?? null,
      countedDays: 0,
      remainingDays: null,
      onTime: null,
      level: 'green',
      yellowFrom: null,
      overdueWorkingDays: 0,
      escalationLevel: 0,
    };
  }

  const counter = new ClockCounter(timeline, calendar);
  // Reached even while paused if the count got there before the pause; the contract still shows no due date.
  const reached = counter.dayOfCount(n);
  const due = timeline.openPauseFrom === null ? reached : null;
  const yellowDay = counter.dayOfCount(n - yellowThreshold(n, policy));
  const at = timeline.stoppedOn ?? today ?? due ?? (timeline.openPauseFrom as number);
  const countedDays = counter.countedThrough(at);

  const red = reached !== null && at > reached;
  const overdueWorkingDays = red ? countedDays - n : 0;
  const escalationLevel = (
    red ? Math.min(policy.maxEscalationLevel, 1 + Math.floor(overdueWorkingDays / policy.escalationStepDays)) : 0
  ) as EscalationLevel;
  const stopped = timeline.state === 'stopped';

  return {
    state: timeline.state,
    countingFrom: fromDayNumber(timeline.origin),
    due: due === null ? null : fromDayNumber(due),
    evaluatedOn: fromDayNumber(at),
    countedDays,
    remainingDays: stopped ? null : Math.max(0, n - countedDays),
    onTime: stopped && reached !== null ? (timeline.stoppedOn as number) <= reached : null,
    level: red ? 'red' : yellowDay !== null && at >= yellowDay ? 'yellow' : 'green',
    yellowFrom: yellowDay === null ? null : fromDayNumber(yellowDay),
    overdueWorkingDays,
    escalationLevel,
  };
}
