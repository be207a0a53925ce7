/**
 * A timeline entry's reason in the reader's language. The system stores its reasons as English text (the audit
 * and API clients read that) and the API gives each its code and parameters (`reasonCode`, `reasonParams`,
 * libs/domain workflow/system-reasons.ts), which this renders with i18n messages (`timeline.reason.*`). A person's
 * words (no code) are theirs and shown as written; so is a code this page does not know yet.
 * reason-messages.spec.ts renders every code in both languages.
 */
import type { Schemas } from '../api/client';
import { dateTime, yuan } from '../format';
import { describeTrace, ruleTitle, type Translate } from './trace-messages';

type Entry = Pick<Schemas['TimelineEntryDto'], 'reason' | 'reasonCode' | 'reasonParams'>;
export type ReasonCode = NonNullable<Entry['reasonCode']>;

/** The parameters of each code, as the domain writes them (the API types them only as an object). */
interface ParamsOf {
  screened: { provisional: string[]; notEligible?: string[] };
  'screening-refused': { failed: { rule: string; detail: string }[]; provisional: string[] };
  'screening-overridden': { reason: string };
  'offer-confirmed': Record<string, never>;
  'offer-declined': Record<string, never>;
  'offer-lapsed': { by: string };
  'notice-ended': Record<string, never>;
  'supplement-lapsed': { by: string };
  escalated: { clock: string; level: number; post?: string; titleZh?: string };
  returned: { reason: string; items: string[] };
  'expert-panel': { mean: number; threshold: number; passed: boolean };
  'objection-upheld': { reason: string };
  paid: { note: string | null };
  withdrawn: Record<string, never>;
  'pro-rata-reduced': { poolFen: number; fromFen: number; toFen: number };
}

/** What to show: a sentence, and under it a list (a refusal's failed rules, a return's items) with its heading. */
export interface ReasonView {
  text: string;
  list?: { heading: string; items: string[] };
}

/** The parameters of an entry whose reason is the given system reason, else null. */
export function paramsOf<C extends ReasonCode>(entry: Entry, code: C): ParamsOf[C] | null {
  return entry.reasonCode === code && entry.reasonParams ? (entry.reasonParams as unknown as ParamsOf[C]) : null;
}

const key = (name: string) => `timeline.reason.${name}`;

/** Fact names as the form labels them, e.g. "高新技术企业、企业规模". */
function facts(t: Translate, names: readonly string[]): string {
  return names.map((f) => t(`field.${f}`, { defaultValue: f })).join(t('trace.listSeparator'));
}

/**
 * The sentence, with the note that it rests on facts the enterprise only declared: a provisional amount when
 * screening passed, a verdict to be verified when it did not.
 */
function withProvisional(t: Translate, text: string, provisional: readonly string[] | undefined, verdict = false): string {
  if (!provisional?.length) return text;
  return `${text}${t(key(verdict ? 'provisionalVerdict' : 'provisional'), { facts: facts(t, provisional) })}`;
}

/**
 * The entry's reason in the reader's language, or null when it has no system reason this knows (print `reason`
 * as it is). `stage` names a stage by its code (useLabels().stage).
 */
export function reasonView(t: Translate, entry: Entry, stage: (code: string) => string): ReasonView | null {
  const code = entry.reasonCode;
  if (!code || !entry.reasonParams) return null;
  // Each case reads its own parameters (paramsOf narrows them by code).
  switch (code) {
    case 'screened': {
      const p = paramsOf(entry, code)!;
      const verdict = p.notEligible
        ? t(key('screenedNotEligible'), { rules: p.notEligible.map((r) => ruleTitle(t, r)).join(t('trace.listSeparator')) })
        : t(key('screened'));
      return { text: withProvisional(t, verdict, p.provisional, !!p.notEligible) };
    }
    case 'screening-refused': {
      const p = paramsOf(entry, code)!;
      return {
        text: withProvisional(t, t(key('screeningRefused')), p.provisional, true),
        list: {
          heading: t(key('failedRules')),
          items: p.failed.map((f) => `${ruleTitle(t, f.rule)}${t('trace.colon')}${describeTrace(t, { rule: f.rule, passed: false, detail: f.detail })}`),
        },
      };
    }
    case 'screening-overridden':
      return { text: t(key('screeningOverridden'), { reason: paramsOf(entry, code)!.reason }) };
    case 'offer-confirmed':
      return { text: t(key('offerConfirmed')) };
    case 'offer-declined':
      return { text: t(key('offerDeclined')) };
    case 'offer-lapsed':
      return { text: t(key('offerLapsed'), { date: dateTime(paramsOf(entry, code)!.by) }) };
    case 'notice-ended':
      return { text: t(key('noticeEnded')) };
    case 'supplement-lapsed':
      return { text: t(key('supplementLapsed'), { date: dateTime(paramsOf(entry, code)!.by) }) };
    case 'escalated': {
      const p = paramsOf(entry, code)!;
      const clock = p.clock === 'case' ? t(key('caseClock')) : t(key('stageClock'), { stage: stage(p.clock) });
      // Posts are program data with a Chinese title; the catalogue names the bureau's posts in each language.
      const post = p.post ? t(key(`post.${p.post}`), { defaultValue: p.titleZh ?? p.post }) : null;
      return { text: post ? t(key('escalated'), { clock, level: p.level, post }) : t(key('escalatedNoPost'), { clock, level: p.level }) };
    }
    case 'returned': {
      const p = paramsOf(entry, code)!;
      return { text: p.reason.trim(), list: { heading: t(key('returnItems')), items: p.items } };
    }
    case 'expert-panel': {
      const p = paramsOf(entry, code)!;
      return { text: t(key(p.passed ? 'expertPassed' : 'expertFailed'), { mean: p.mean, threshold: p.threshold }) };
    }
    case 'objection-upheld':
      return { text: t(key('objectionUpheld'), { reason: paramsOf(entry, code)!.reason }) };
    case 'paid': {
      const note = paramsOf(entry, code)!.note;
      return { text: note ? t(key('paidNote'), { note }) : t(key('paid')) };
    }
    case 'withdrawn':
      return { text: t(key('withdrawn')) };
    case 'pro-rata-reduced': {
      const p = paramsOf(entry, code)!;
      return { text: t(key('proRata'), { pool: yuan(p.poolFen), from: yuan(p.fromFen), to: yuan(p.toFen) }) };
    }
    default:
      return null;
  }
}
