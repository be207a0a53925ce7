/** The languages a person may read their messages in; zh-CN unless their account prefers another. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** What every message says about its case: its number, its program, its enterprise. */
export interface CaseRef {
  number: string;
  program: { zh: string; en: string };
  enterprise: string;
}

/** What one language says. Deadlines are YYYY-MM-DD (Asia/Shanghai) or a YYYY-MM-DD HH:mm moment. */
export interface MessageCatalogue {
  stage(code: string): string;
  /** To the enterprise, when its case enters `status`. */
  caseStatus(status: string, ref: CaseRef, detail: { dueBy?: string | null; items?: string[] }): string;
  /** To a reviewer who may take a new task. */
  taskCreated(ref: CaseRef, stage: string, dueOn: string | null): string;
  expertDrawn(ref: CaseRef): string;
  /** To the people who decided a step of a case that ended. */
  decided(ref: CaseRef, outcome: 'approved' | 'refused'): string;
  /** An SLA alarm to whoever holds or awaits the work (and, from red on, the directors). */
  slaAlarm(ref: CaseRef, clock: string, level: string): string;
  /** To the enterprise, when closing an oversubscribed round reduced its case's amount (按比例核减); in fen. */
  amountReduced(ref: CaseRef, amounts: { fromFen: number; toFen: number }): string;
  /** To the enterprise and the reviewers of a case in 公示 that someone objected to. */
  objectionFiled(ref: CaseRef, reason: string): string;
}

/**
 * A case number people can read out: the fiscal year and the case's number from the one sequence of all cases
 * (`applications.case_seq`, eight digits at least), unique by construction. A case opened before the sequence
 * existed (`seq` null) keeps the number it was told: the first eight hex digits of its id, which could repeat
 * (32 random bits: about one pair a year among 100,000 cases).
 */
export function caseNumber(year: number, id: string, seq: string | number | null): string {
  if (seq !== null && seq !== undefined) return `${year}-${String(seq).padStart(8, '0')}`;
  return `${year}-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}
