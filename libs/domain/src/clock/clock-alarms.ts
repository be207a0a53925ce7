import { fromDayNumber, LocalDate } from '../calendar';
import { DomainError } from '../workflow/domain-error';
import { DEFAULT_ALARM_POLICY, EscalationLevel, validateAlarmPolicy, yellowThreshold } from './alarm-policy';
import { foldClockEvents } from './clock-events';
import { ClockCounter, ClockInput } from './evaluate-clock';

export type ClockAlarmKind = 'yellow' | 'red' | 'escalation';

/** One alarm to arm: on day `on` (Asia/Shanghai) the clock reaches `kind` / `escalationLevel`. */
export interface ClockAlarm {
  kind: ClockAlarmKind;
  escalationLevel: EscalationLevel;
  on: LocalDate;
}

/** The level an alarm is recorded under: 'yellow', 'red' (level 1), then 'escalation-N'. */
export function alarmLevelOf(alarm: ClockAlarm): 'yellow' | 'red' | `escalation-${number}` {
  return alarm.kind === 'escalation' ? `escalation-${alarm.escalationLevel}` : alarm.kind;
}

/**
 * The days the SLA engine arms timers for, in order: yellow, red (the day after the due date, level 1),
 * then each further escalation level. Empty while the clock is not running (not started, paused, stopped):
 * a suspended or finished case has nothing to alarm about, and the next clock event re-arms. Alarms in the
 * past are included; the timer fires at once and re-reads the case.
 */
export function clockAlarms(input: Omit<ClockInput, 'today'>): ClockAlarm[] {
  const policy = input.policy ?? DEFAULT_ALARM_POLICY;
  const n = input.limitDays;
  if (!Number.isSafeInteger(n) || n < 0) {
    throw DomainError.invalid([{ field: 'limitDays', message: `must be a non-negative integer, got ${n}` }]);
  }
  validateAlarmPolicy(policy);
  const timeline = foldClockEvents(input.events);
  if (timeline.state !== 'running') return [];

  const counter = new ClockCounter(timeline, input.calendar);
  const at = (k: number): LocalDate => fromDayNumber(counter.dayOfCount(k) as number);
  const alarms: ClockAlarm[] = [
    { kind: 'yellow', escalationLevel: 0, on: at(n - yellowThreshold(n, policy)) },
    { kind: 'red', escalationLevel: 1, on: fromDayNumber((counter.dayOfCount(n) as number) + 1) },
  ];
  for (let level = 2; level <= policy.maxEscalationLevel; level++) {
    alarms.push({
      kind: 'escalation',
      escalationLevel: level as EscalationLevel,
      on: at(n + (level - 1) * policy.escalationStepDays),
    });
  }
  return alarms;
}
