import { AlarmPolicy, alarmPolicyOf, ClockEvent, ProgramVersion } from '@app/domain';
import { ClockRow } from '@app/persistence';

export interface RunningClock {
  clock: string;
  limitDays: number;
  /** Id of the clock event that began this run (start or reset): alarms fire once per run. */
  epoch: string;
  events: ClockEvent[];
  /** Yellow, red and escalation steps of the version (its escalation chain is data). */
  policy: AlarmPolicy;
}

/**
 * The clocks of a case that have a working-day limit, each cut to its current run: the case clock
 * (承诺时限) from its first start, a stage clock from its latest start (a stage entered again runs afresh).
 */
export function clocksOf(rows: (ClockRow & { id: string })[], definition: ProgramVersion): RunningClock[] {
  const names = [...new Set(rows.map((r) => r.clock))];
  const result: RunningClock[] = [];
  const policy = alarmPolicyOf(definition);
  for (const clock of names) {
    const limit =
      clock === 'case'
        ? definition.promisedLimitDays
        : definition.stages.find((s) => s.code === clock && s.unit === 'working')?.limitDays ?? null;
    if (limit === null || limit === undefined) continue;
    let own = rows.filter((r) => r.clock === clock);
    if (clock !== 'case') own = own.slice(own.map((r) => r.type).lastIndexOf('start'));
    const epochRow = [...own].reverse().find((r) => r.type === 'start' || r.type === 'reset');
    if (!epochRow) continue;
    result.push({ clock, limitDays: limit, epoch: epochRow.id, events: own.map((r) => ({ type: r.type, on: r.on })), policy });
  }
  return result;
}
