import { AlarmPolicy, DEFAULT_ALARM_POLICY } from '../clock/alarm-policy';

/** One post of the escalation chain: who hears of an overdue clock at that level (PROGRAMS.md, "Warnings"). */
export interface EscalationPost {
  /** 1: the day after the due date (red); each further level `stepDays` working days later. */
  level: number;
  /** Stable code of the post, e.g. 'section_head'. */
  post: string;
  /** The post's title, e.g. 科长. */
  titleZh: string;
}

/**
 * A program version's escalation chain (section head → deputy director → director): its posts in order and
 * how many working days overdue each further level takes. Who holds each post is data too
 * (`escalation_holders`, per program), set by an administrator.
 */
export interface EscalationChain {
  stepDays: number;
  chain: EscalationPost[];
}

/** The chain of the bureau's practice (Fuzhou 2014: 红牌 to the section head, +5 working days to the deputy, then the head). */
export const DEFAULT_ESCALATION: Readonly<EscalationChain> = Object.freeze({
  stepDays: 5,
  chain: [
    { level: 1, post: 'section_head', titleZh: '科长' },
    { level: 2, post: 'deputy_director', titleZh: '分管副局长' },
    { level: 3, post: 'director', titleZh: '局长' },
  ],
});

/** The chain a version escalates along (versions stored before chains were data use the bureau's default). */
export function escalationOf(version: { escalation?: EscalationChain | null }): EscalationChain {
  return version.escalation ?? DEFAULT_ESCALATION;
}

/**
 * When a clock of the version turns yellow: at most max(minDays, floor(N / divisor)) counted days left
 * (PROGRAMS.md, "Warnings": N/5, at least one day).
 */
export interface YellowRule {
  divisor: number;
  minDays: number;
}

/**
 * The alarm policy of a version, all of it program data: the yellow rule (`yellow`) and the escalation step and
 * levels (`escalation`). Versions stored before either was data fall back to the bureau's practice.
 */
export function alarmPolicyOf(version: { escalation?: EscalationChain | null; yellow?: YellowRule | null }): AlarmPolicy {
  const chain = escalationOf(version);
  const yellow = version.yellow ?? { divisor: DEFAULT_ALARM_POLICY.yellowDivisor, minDays: DEFAULT_ALARM_POLICY.yellowMinDays };
  return {
    yellowDivisor: yellow.divisor,
    yellowMinDays: yellow.minDays,
    escalationStepDays: chain.stepDays,
    maxEscalationLevel: chain.chain.length,
  };
}

/** The level an SLA alarm stands for: red is 1, 'escalation-N' is N, yellow is none. */
export function escalationLevelOf(alarmLevel: string): number | null {
  if (alarmLevel === 'red') return 1;
  const match = /^escalation-(\d+)$/.exec(alarmLevel);
  return match ? Number(match[1]) : null;
}
