import { AlarmPolicy, alarmPolicyOf, ClockEvent, LocalDate, ProgramVersion } from '@app/domain';
import { ClockRow, startOfShanghaiDay } from '@app/persistence';

export interface RunningClock {
  clock: string;
  limitDays: number;
  /** Id of the clock event that began this run (start or reset): alarms fire once per run. */
  epoch: string;
  events: ClockEvent[];
  /** When the latest event of this run was recorded: no alarm of the run was known, so due, before it. */
  since: Date | null;
  /** Yellow, red and escalation steps of the version (its escalation chain is data). */
  policy: AlarmPolicy;
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

/**
 * The clocks of a case that have a working-day limit, each cut to its current run: the case clock
 * (承诺时限) from its first start, a stage clock from its latest start (a stage entered again runs afresh).
 */
export function clocksOf(
  rows: (ClockRow & { id: string; at?: Date | string })[],
  definition: ProgramVersion,
): RunningClock[] {
  const names = [...new Set(rows.map((r) => r.clock))];
  const result: RunningClock[] = [];
  const policy = alarmPolicyOf(definition);
  for (const clock of names) {
    const limit =
      clock === 'case'
        ? definition.promisedLimitDays
        : (definition.stages.find((s) => s.code === clock && s.unit === 'working')?.limitDays ?? null);
    if (limit === null || limit === undefined) continue;
    let own = rows.filter((r) => r.clock === clock);
    if (clock !== 'case') own = own.slice(own.map((r) => r.type).lastIndexOf('start'));
    const epochRow = [...own].reverse().find((r) => r.type === 'start' || r.type === 'reset');
    if (!epochRow) continue;
    const last = own[own.length - 1]?.at;
    result.push({
      clock,
      limitDays: limit,
      epoch: epochRow.id,
      events: own.map((r) => ({ type: r.type, on: r.on })),
      since: last === undefined ? null : new Date(last),
      policy,
    });
  }
  return result;
}
