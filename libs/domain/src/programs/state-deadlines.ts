import { addCalendarDays, LocalDate, WorkingDayCalendar } from '../calendar';
import { DomainError } from '../workflow/domain-error';
import { ProgramVersion } from './program-version';

/**
 * The day at whose start a wait of `days` working days, counted from the day after `from`, is over: the whole of
 * the last working day is the waiting party's.
 */
export function dayAfterWorkingDays(calendar: WorkingDayCalendar, from: LocalDate, days: number): LocalDate {
  return addCalendarDays(calendar.addWorkingDays(from, days), 1);
}

/** 免申即享: the working days an enterprise has to confirm an offer. */
export function confirmationLimitOf(definition: ProgramVersion): number {
  if (definition.confirmationLimitDays) return definition.confirmationLimitDays;
  const stage = definition.stages.find((s) => s.code === 'enterprise_confirmation');
  if (!stage?.limitDays) throw DomainError.invalid([{ field: 'confirmationLimitDays', message: `${definition.program} ${definition.version} has no confirmation limit` }]);
  return stage.limitDays;
}

/** States that end by themselves when their time runs out, each with the column its deadline is kept in. */
export const TIMED_STATES = ['public_notice', 'supplement', 'awaiting_confirmation'] as const;
export type TimedState = (typeof TIMED_STATES)[number];

/**
 * When a timed state entered on `enteredOn` runs out, as the day at whose start it ends — a clock like any
 * other: its event (entering the state) plus the calendar, so a calendar override moves it.
 * - 公示: the notice stage's length, in working or calendar days (7 calendar days when the version has none);
 * - 补正: the version's `supplementLimitDays` working days;
 * - 免申即享 offer: the version's confirmation limit in working days.
 */
export function stateDeadlineDay(definition: ProgramVersion, state: TimedState, enteredOn: LocalDate, calendar: WorkingDayCalendar): LocalDate {
  if (state === 'supplement') return dayAfterWorkingDays(calendar, enteredOn, definition.supplementLimitDays);
  if (state === 'awaiting_confirmation') return dayAfterWorkingDays(calendar, enteredOn, confirmationLimitOf(definition));
  const stage = definition.stages.find((s) => s.code === 'public_notice');
  const length = stage?.limitDays ?? 7;
  if (stage?.unit === 'working') return dayAfterWorkingDays(calendar, enteredOn, length);
  return addCalendarDays(enteredOn, length + 1);
}

export function isTimedState(status: string): status is TimedState {
  return (TIMED_STATES as readonly string[]).includes(status);
}
