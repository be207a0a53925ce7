import { AlarmPolicy, DEFAULT_ALARM_POLICY } from '../clock/alarm-policy';
import type { FieldError } from '../workflow/domain-error';

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

/** Every problem of a `yellow` field of a program version, each naming its path (absent is fine). */
export function yellowProblems(value: unknown): FieldError[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: 'yellow', message: 'must be an object { divisor, minDays }' }];
  const v = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(v.divisor) || (v.divisor as number) < 1) errors.push({ field: 'yellow.divisor', message: 'must be an integer ≥ 1 (yellow at N / divisor days left)' });
  if (!Number.isSafeInteger(v.minDays) || (v.minDays as number) < 0) errors.push({ field: 'yellow.minDays', message: 'must be an integer ≥ 0 (working days)' });
  return errors;
}

/** The level an SLA alarm stands for: red is 1, 'escalation-N' is N, yellow is none. */
export function escalationLevelOf(alarmLevel: string): number | null {
  if (alarmLevel === 'red') return 1;
  const match = /^escalation-(\d+)$/.exec(alarmLevel);
  return match ? Number(match[1]) : null;
}

/** Every problem of an `escalation` field of a program version, each naming its path (absent is fine). */
export function escalationProblems(value: unknown): FieldError[] {
  if (value === undefined) return [];
  const errors: FieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [{ field: 'escalation', message: 'must be an object' }];
  const v = value as Record<string, unknown>;
  if (!Number.isSafeInteger(v.stepDays) || (v.stepDays as number) < 1) fail('escalation.stepDays', 'must be an integer ≥ 1 (working days)');
  if (!Array.isArray(v.chain) || v.chain.length < 1 || v.chain.length > 3) {
    fail('escalation.chain', 'must list 1 to 3 posts, level 1 first');
    return errors;
  }
  v.chain.forEach((raw, i) => {
    const post = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (post.level !== i + 1) fail(`escalation.chain[${i}].level`, `must be ${i + 1}`);
    if (typeof post.post !== 'string' || !/^[a-z][a-z_]{1,31}$/.test(post.post)) fail(`escalation.chain[${i}].post`, 'must be a lower-case code');
    if (typeof post.titleZh !== 'string' || post.titleZh.trim() === '') fail(`escalation.chain[${i}].titleZh`, 'must be a non-empty string');
  });
  return errors;
}
