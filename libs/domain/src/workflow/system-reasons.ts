import { formatWan, FEN_PER_WAN } from '../money/money';
import { PROFILE_FACT_FIELDS } from '../programs/profile-facts';

/**
 * The reasons the system writes on a case's transitions (and its escalations), as codes with their parameters.
 *
 * What is stored stays the English text these have always been (the audit chain hashes it, API clients and old
 * rows read it): `formatSystemReason` writes exactly that text, and `parseSystemReason` reads it back — from rows
 * written before this file too — so the pages can say it in the reader's language. A person's own words are not
 * a system reason and parse as null. The patterns are anchored on both ends so that a person's sentence which
 * merely contains a colon or a line break is never mistaken for one.
 */

/** A rule screening found failed, as the calculator's trace names it (rule code, English detail with numbers). */
export interface FailedRule {
  rule: string;
  detail: string;
}

type NoParams = Record<string, never>;

export type SystemReason =
  /** Screening passed. `provisional`: facts the amount rests on that the enterprise only declared. */
  | { code: 'screened'; params: { provisional: string[]; notEligible?: string[] } }
  /** Screening refused the case, naming every failed rule (一次性告知). */
  | { code: 'screening-refused'; params: { failed: FailedRule[]; provisional: string[] } }
  /** A director overrode screening's refusal, with the director's own words. */
  | { code: 'screening-overridden'; params: { reason: string } }
  | { code: 'offer-confirmed'; params: NoParams }
  | { code: 'offer-declined'; params: NoParams }
  /** A 免申即享 offer nobody confirmed by its deadline (`by`, an ISO instant). */
  | { code: 'offer-lapsed'; params: { by: string } }
  | { code: 'notice-ended'; params: NoParams }
  /** No 补正 materials arrived by the answer deadline (`by`, an ISO instant). */
  | { code: 'supplement-lapsed'; params: { by: string } }
  /** An overdue clock ('case', or a stage's code) reached a level of the escalation chain, and that level's post. */
  | { code: 'escalated'; params: { clock: string; level: number; post?: string; titleZh?: string } }
  /** A reviewer returned the case for 补正: the reviewer's own words and the items to supply. */
  | { code: 'returned'; params: { reason: string; items: string[] } }
  /** The expert panel's mean score against the version's threshold. */
  | { code: 'expert-panel'; params: { mean: number; threshold: number; passed: boolean } }
  /** An objection upheld in 公示 refused the case, with the city reviewer's words. */
  | { code: 'objection-upheld'; params: { reason: string } }
  /** The payment was recorded, with its note if any. */
  | { code: 'paid'; params: { note: string | null } }
  /** The enterprise withdrew without giving a reason. */
  | { code: 'withdrawn'; params: NoParams }
  /** A budget round was oversubscribed and closed pro rata: the pool, and the case's amount before and after. */
  | { code: 'pro-rata-reduced'; params: { poolFen: number; fromFen: number; toFen: number } };

export type SystemReasonCode = SystemReason['code'];

export const SYSTEM_REASON_CODES: readonly SystemReasonCode[] = [
  'screened', 'screening-refused', 'screening-overridden', 'offer-confirmed', 'offer-declined', 'offer-lapsed',
  'notice-ended', 'supplement-lapsed', 'escalated', 'returned', 'expert-panel', 'objection-upheld', 'paid',
  'withdrawn', 'pro-rata-reduced',
];

/** The prefix every screening refusal's reason starts with: how a screening refusal is told from a person's. */
export const SCREENING_REFUSAL = 'screening: not eligible';

/** The case clock's name in an escalation's reason (a stage clock goes by its code). */
const CASE_CLOCK = '承诺时限';
const PROVISIONAL = ' — provisional until verified: ';
const RETURN_ITEMS = '\n补正 items:\n';
const NOTICE_ENDED = 'public notice ended without objection';
const OFFER_CONFIRMED = 'offer confirmed by the enterprise';
const OFFER_DECLINED = 'offer declined by the enterprise';
const WITHDRAWN = 'withdrawn by the enterprise';

/** The stored English text of a system reason (byte for byte what the writers stored before it had a code). */
export function formatSystemReason(reason: SystemReason): string {
  switch (reason.code) {
    case 'screened': {
      const verdict = reason.params.notEligible
        ? `screened: not eligible (${reason.params.notEligible.join('; ')})`
        : 'screened: eligible';
      return verdict + provisionalSuffix(reason.params.provisional);
    }
    case 'screening-refused':
      return (
        `${SCREENING_REFUSAL}\n${reason.params.failed.map((f) => `- ${f.rule}: ${f.detail}`).join('\n')}` +
        provisionalSuffix(reason.params.provisional)
      );
    case 'screening-overridden':
      return `screening overridden by a director: ${reason.params.reason}`;
    case 'offer-confirmed':
      return OFFER_CONFIRMED;
    case 'offer-declined':
      return OFFER_DECLINED;
    case 'offer-lapsed':
      return `offer not confirmed by ${reason.params.by}: it lapsed`;
    case 'notice-ended':
      return NOTICE_ENDED;
    case 'supplement-lapsed':
      return `no 补正 materials by ${reason.params.by}: the case lapsed`;
    case 'escalated': {
      const { clock, level, post, titleZh } = reason.params;
      return `${clock === 'case' ? CASE_CLOCK : clock} overdue: escalation level ${level}${post ? ` → ${titleZh ?? post} (${post})` : ''}`;
    }
    case 'returned':
      return `${reason.params.reason}${RETURN_ITEMS}- ${reason.params.items.join('\n- ')}`;
    case 'expert-panel': {
      const { mean, threshold, passed } = reason.params;
      return `expert panel mean ${mean} ${passed ? '≥' : '<'} threshold ${threshold}`;
    }
    case 'objection-upheld':
      return `objection upheld: ${reason.params.reason}`;
    case 'paid':
      return reason.params.note ? `paid: ${reason.params.note}` : 'paid';
    case 'withdrawn':
      return WITHDRAWN;
    case 'pro-rata-reduced': {
      const { poolFen, fromFen, toFen } = reason.params;
      return `按比例核减: round oversubscribed, pool ${formatWan(poolFen)}; ${formatWan(fromFen)} → ${formatWan(toFen)}`;
    }
  }
}

/** The structured reason a stored text says, or null when it is a person's own words (or empty). */
export function parseSystemReason(text: string | null | undefined): SystemReason | null {
  if (!text) return null;
  for (const parse of PARSERS) {
    const reason = parse(text);
    if (reason) return reason;
  }
  return null;
}

/** Screening names each provisional fact with the profile field it rests on, e.g. "isHighTech (highTechCertNo)". */
function provisionalSuffix(facts: readonly string[]): string {
  return facts.length ? `${PROVISIONAL}${facts.map((f) => `${f} (${PROFILE_FACT_FIELDS[f] ?? f})`).join(', ')}` : '';
}

const FACT = '[A-Za-z]\\w*(?: \\([^()\\n]*\\))?';
const PROVISIONAL_TAIL = new RegExp(`^([\\s\\S]*)${PROVISIONAL}(${FACT}(?:, ${FACT})*)$`);

/** The text without screening's provisional suffix, and the fact names the suffix listed. */
function splitProvisional(text: string): { head: string; provisional: string[] } {
  const match = PROVISIONAL_TAIL.exec(text);
  if (!match) return { head: text, provisional: [] };
  return { head: match[1], provisional: [...match[2].matchAll(/([A-Za-z]\w*)(?: \([^()\n]*\))?(?:, |$)/g)].map((m) => m[1]) };
}

/** "12.5万" → 12500000 fen, exactly (formatWan's inverse). */
function parseWan(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,6}))?万$/.exec(text);
  if (!match) return null;
  const fen = Number(match[2]) * FEN_PER_WAN + Number((match[3] ?? '').padEnd(6, '0'));
  return match[1] ? -fen : fen;
}

const ISO = '(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?Z)';
const OFFER_LAPSED = new RegExp(`^offer not confirmed by ${ISO}: it lapsed$`);
const SUPPLEMENT_LAPSED = new RegExp(`^no 补正 materials by ${ISO}: the case lapsed$`);
const ESCALATED = new RegExp(`^(${CASE_CLOCK}|[a-z][a-z_]*) overdue: escalation level (\\d+)(?: → (.+) \\(([^()\\n]+)\\))?$`);
const EXPERT_PANEL = /^expert panel mean (-?\d+(?:\.\d+)?) (≥|<) threshold (-?\d+(?:\.\d+)?)$/;
const PRO_RATA = /^按比例核减: round oversubscribed, pool (\S+); (\S+) → (\S+)$/;
const RULE_LINE = /^- ([a-z0-9][a-z0-9-]*): (.*)$/;
const EXACT: Readonly<Record<string, SystemReason>> = {
  [NOTICE_ENDED]: { code: 'notice-ended', params: {} },
  [OFFER_CONFIRMED]: { code: 'offer-confirmed', params: {} },
  [OFFER_DECLINED]: { code: 'offer-declined', params: {} },
  [WITHDRAWN]: { code: 'withdrawn', params: {} },
  paid: { code: 'paid', params: { note: null } },
};

/** A prefix the system puts before a person's words. */
function prefixed(prefix: string, text: string): string | null {
  return text.startsWith(prefix) && text.length > prefix.length ? text.slice(prefix.length) : null;
}

const PARSERS: ((text: string) => SystemReason | null)[] = [
  // The reviewer's words come first and may be anything; the heading the system adds is what marks a return.
  (text) => {
    const at = text.lastIndexOf(RETURN_ITEMS);
    if (at < 0) return null;
    const items = text
      .slice(at + RETURN_ITEMS.length)
      .split('\n')
      .map((line) => line.replace(/^- ?/, ''))
      .filter((item) => item.trim() !== '');
    return { code: 'returned', params: { reason: text.slice(0, at), items } };
  },
  (text) => {
    if (!text.startsWith('screen')) return null;
    const { head, provisional } = splitProvisional(text);
    if (head === 'screened: eligible') return { code: 'screened', params: { provisional } };
    // Cases screened before a refusal was immediate went on, marked not eligible, naming the failed rules' codes.
    const legacy = /^screened: not eligible \(([^()\n]*)\)$/.exec(head);
    if (legacy) return { code: 'screened', params: { provisional, notEligible: legacy[1] ? legacy[1].split('; ') : [] } };
    if (!head.startsWith(`${SCREENING_REFUSAL}\n`)) return null;
    const failed: FailedRule[] = [];
    for (const line of head.slice(SCREENING_REFUSAL.length + 1).split('\n')) {
      if (line === '') continue;
      const match = RULE_LINE.exec(line);
      if (!match) return null;
      failed.push({ rule: match[1], detail: match[2] });
    }
    return { code: 'screening-refused', params: { failed, provisional } };
  },
  (text) => {
    const reason = prefixed('screening overridden by a director: ', text);
    return reason === null ? null : { code: 'screening-overridden', params: { reason } };
  },
  (text) => {
    const reason = prefixed('objection upheld: ', text);
    return reason === null ? null : { code: 'objection-upheld', params: { reason } };
  },
  (text) => {
    const note = prefixed('paid: ', text);
    return note === null ? null : { code: 'paid', params: { note } };
  },
  (text) => EXACT[text] ?? null,
  (text) => {
    const match = OFFER_LAPSED.exec(text);
    return match ? { code: 'offer-lapsed', params: { by: match[1] } } : null;
  },
  (text) => {
    const match = SUPPLEMENT_LAPSED.exec(text);
    return match ? { code: 'supplement-lapsed', params: { by: match[1] } } : null;
  },
  (text) => {
    const match = ESCALATED.exec(text);
    if (!match) return null;
    const clock = match[1] === CASE_CLOCK ? 'case' : match[1];
    const level = Number(match[2]);
    return {
      code: 'escalated',
      params: match[4] ? { clock, level, post: match[4], titleZh: match[3] } : { clock, level },
    };
  },
  (text) => {
    const match = EXPERT_PANEL.exec(text);
    if (!match) return null;
    return { code: 'expert-panel', params: { mean: Number(match[1]), threshold: Number(match[3]), passed: match[2] === '≥' } };
  },
  (text) => {
    const match = PRO_RATA.exec(text);
    if (!match) return null;
    const [poolFen, fromFen, toFen] = match.slice(1, 4).map(parseWan);
    if (poolFen === null || fromFen === null || toFen === null) return null;
    return { code: 'pro-rata-reduced', params: { poolFen, fromFen, toFen } };
  },
];
