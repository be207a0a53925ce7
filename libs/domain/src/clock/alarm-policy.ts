import { DomainError } from '../workflow/domain-error';

/**
 * When a clock turns yellow and how fast an overdue case climbs (PROGRAMS.md, "Warnings"): yellow when the
 * remaining counted days are at most max(yellowMinDays, floor(N / yellowDivisor)); red the day after the
 * due date (level 1, section head 科长); one level more every `escalationStepDays` further working days
 * overdue, up to `maxEscalationLevel` (deputy 分管领导, then head 主要领导).
 */
export interface AlarmPolicy {
  yellowDivisor: number;
  yellowMinDays: number;
  escalationStepDays: number;
  maxEscalationLevel: number;
}

export const DEFAULT_ALARM_POLICY: Readonly<AlarmPolicy> = Object.freeze({
  yellowDivisor: 5,
  yellowMinDays: 1,
  escalationStepDays: 5,
  maxEscalationLevel: 3,
});

export type EscalationLevel = 0 | 1 | 2 | 3;

export function validateAlarmPolicy(policy: AlarmPolicy): void {
  const bad = (Object.keys(DEFAULT_ALARM_POLICY) as Array<keyof AlarmPolicy>).filter((key) => {
    const v = policy[key];
    return !Number.isSafeInteger(v) || v < (key === 'yellowMinDays' ? 0 : 1) || (key === 'maxEscalationLevel' && v > 3);
  });
  if (bad.length > 0) {
    throw DomainError.invalid(bad.map((key) => ({ field: `policy.${key}`, message: 'must be a positive integer (maxEscalationLevel ≤ 3)' })));
  }
}

/** Remaining counted days at or below which a clock of `limitDays` is yellow. */
export function yellowThreshold(limitDays: number, policy: AlarmPolicy = DEFAULT_ALARM_POLICY): number {
  return Math.max(policy.yellowMinDays, Math.floor(limitDays / policy.yellowDivisor));
}
