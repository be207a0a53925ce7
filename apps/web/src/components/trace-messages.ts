/**
 * The rule trace in the reader's language. The domain writes each trace entry as a stable rule code and an
 * English detail with the numbers it used (the CLI prints those, and PROGRAMS.md fixes them), so the web reads
 * the numbers back out of the detail by rule and renders an i18n message (`trace.msg.*`) with them. A detail
 * no pattern knows (a rule added later) falls back to whether the rule held (after its title), never English.
 * trace-messages.spec.ts runs every calculator branch and checks each entry is recognised.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface TraceLine {
  rule: string;
  passed: boolean;
  detail: string;
}

interface Pattern {
  rule: string;
  re: RegExp;
  /** The message under `trace.msg`. */
  key: string;
}

const B = '(true|false)';
const V = '(\\S+)';

/** Capture groups are positional; each pattern's groups are named in `names` below. */
const PATTERNS: (Pattern & { names: string[] })[] = [
  { rule: 'tech-sme-or-maker', key: 'techSmeOrMaker', re: new RegExp(`^科技型中小企业: ${B}, 创客: ${B}; one of them is required$`), names: ['smeFlag', 'makerFlag'] },
  { rule: 'tech-sme', key: 'techSmeNoMakers', re: new RegExp(`^科技型中小企业 with a registration number for the expense year: ${B}; makers \\(创客\\) are not eligible under this version$`), names: ['smeFlag'] },
  { rule: 'tech-sme', key: 'techSme', re: new RegExp(`^科技型中小企业 with a registration number for the expense year: ${B}$`), names: ['smeFlag'] },
  { rule: 'not-related-party', key: 'relatedParty', re: new RegExp(`^provider affiliated with the applicant: ${B}$`), names: ['flag'] },
  { rule: 'not-blacklisted', key: 'blacklisted', re: new RegExp(`^on a 严重失信 list or 经营异常名录: ${B}$`), names: ['flag'] },
  { rule: 'region-in-bureau-area', key: 'region', re: new RegExp(`^region ${V}, bureau area (\\d+)xx$`), names: ['region', 'area'] },
  { rule: 'region-in-bureau-area', key: 'regionFromListZone', re: /^no regionCode given: the enterprise comes from the bureau's own list \(福州高新区\)$/, names: [] },
  { rule: 'region-in-bureau-area', key: 'regionFromList', re: /^no regionCode given: the enterprise comes from the bureau's own list$/, names: [] },
  { rule: 'rate', key: 'rate', re: new RegExp(`^${V} of fees ${V} = ${V}$`), names: ['rate', 'fees', 'amount'] },
  { rule: 'minimum-amount', key: 'minimumAmount', re: new RegExp(`^${V} against the (maker|enterprise) minimum ${V}$`), names: ['amount', 'who', 'min'] },
  { rule: 'yearly-maximum', key: 'yearlyMaximum', re: new RegExp(`^(maker|enterprise) maximum ${V} a year, already approved ${V}, room ${V} → ${V}$`), names: ['who', 'max', 'granted', 'room', 'amount'] },
  {
    rule: 'province-part', key: 'provincePart',
    re: new RegExp(`^min\\(${V} of fees = ${V}, provincial cap ${V} − ${V} = ${V}, amount ${V}\\) = ${V}; ${V} pays ${V}$`),
    names: ['rate', 'byRate', 'cap', 'granted', 'room', 'amount', 'province', 'payer', 'rest'],
  },
  { rule: 'payer', key: 'payer', re: new RegExp(`^${V} pays all ${V}$`), names: ['payer', 'amount'] },
  { rule: 'scale-or-high-tech', key: 'scaleOrHighTech', re: new RegExp(`^scale (.+?) \\(eligible: ([^)]*)\\), 高企: ${B}$`), names: ['scale', 'eligible', 'htFlag'] },
  { rule: 'scale-or-high-tech', key: 'scale', re: /^scale (.+?) \(eligible: ([^)]*)\)$/, names: ['scale', 'eligible'] },
  { rule: 'minimum-rd-expense', key: 'minimumRdExpense', re: new RegExp(`^R&D internal expenditure ${V} ≥ ${V}$`), names: ['expense', 'min'] },
  { rule: 'banded-base', key: 'bandedTotal', re: new RegExp(`^E = ${V}: (.*) → ${V}$`), names: ['base', 'steps', 'amount'] },
  { rule: 'banded-base', key: 'bandedIncrease', re: new RegExp(`^E − previous E = ${V}: (.*) → ${V}$`), names: ['base', 'steps', 'amount'] },
  { rule: 'base-cap', key: 'baseCap', re: new RegExp(`^min\\(${V}, cap ${V}\\) = ${V}$`), names: ['amount', 'cap', 'result'] },
  { rule: 'high-intensity-bonus', key: 'bonusNotAssessed', re: /^not assessed, facts not given: (.*) → 0$/, names: ['facts'] },
  {
    rule: 'high-intensity-bonus', key: 'bonus',
    re: new RegExp(
      `^output value ${V} > ${V}: ${B}; tax paid ${V} > ${V}: ${B}; R&D / revenue ${V} / ${V} > ${V}: ${B}; ` +
        `min\\(${V} of increase ${V} = ${V}, cap ${V}\\) = ${V}$`,
    ),
    names: ['output', 'outputMin', 'outputFlag', 'tax', 'taxMin', 'taxFlag', 'expense', 'revenue', 'intensity', 'intensityFlag', 'rate', 'increase', 'byRate', 'cap', 'bonus'],
  },
  {
    rule: 'high-intensity-bonus', key: 'bonusNotMet',
    re: new RegExp(`^output value ${V} > ${V}: ${B}; tax paid ${V} > ${V}: ${B}; R&D / revenue ${V} / ${V} > ${V}: ${B}; not all conditions met → 0$`),
    names: ['output', 'outputMin', 'outputFlag', 'tax', 'taxMin', 'taxFlag', 'expense', 'revenue', 'intensity', 'intensityFlag'],
  },
  { rule: 'split', key: 'split', re: new RegExp(`^${V} at ${V} → (.*)$`), names: ['amount', 'ratio', 'parts'] },
  { rule: 'certificate-in-reward-year', key: 'certificateYear', re: /^certificate (.+) issued on (\S+), reward year (\d+)$/, names: ['certificate', 'issuedOn', 'year'] },
  { rule: 'one-reward-per-certificate', key: 'rewardedBefore', re: new RegExp(`^certificate (.+) already rewarded: ${B}$`), names: ['certificate', 'flag'] },
  { rule: 'city-award', key: 'cityAward', re: new RegExp(`^(first|renewal) recognition, scale (above|below): ${V} paid by ${V}$`), names: ['recognition', 'scale', 'amount', 'payer'] },
  { rule: 'high-tech-zone-award', key: 'zoneAward', re: new RegExp(`^福州高新区, (first|renewal) recognition, scale (above|below): ${V} paid by ${V}$`), names: ['recognition', 'scale', 'amount', 'payer'] },
  { rule: 'high-tech-zone-award', key: 'notInZone', re: /^not registered in 福州高新区 → 0$/, names: [] },
  { rule: 'tech-enterprise', key: 'techEnterprise', re: new RegExp(`^科技型企业: ${B}$`), names: ['flag'] },
  { rule: 'rd-expense-above', key: 'rdExpenseAbove', re: new RegExp(`^R&D expenditure ${V} > ${V}$`), names: ['expense', 'min'] },
  { rule: 'rd-increase', key: 'rdIncrease', re: new RegExp(`^increase ${V} − ${V} = ${V} ≥ ${V}$`), names: ['expense', 'previous', 'increase', 'min'] },
  { rule: 'increase-rate', key: 'increaseRate', re: new RegExp(`^min\\(${V} of ${V} = ${V}, cap ${V}\\) = ${V}$`), names: ['rate', 'increase', 'byRate', 'cap', 'amount'] },
  { rule: 'amount-positive', key: 'nothingToPay', re: /^the rules give nothing to pay$/, names: [] },
  { rule: 'provisional', key: 'provisional', re: /^provisional: rests on facts the enterprise declared, not verified yet: (.*); the acceptance reviewer verifies them$/, names: ['facts'] },
  { rule: 'pro-rata-reduction', key: 'proRata', re: new RegExp(`^按比例核减: round oversubscribed, pool ${V}; ${V} → ${V}$`), names: ['pool', 'from', 'to'] },
];

/** An amount as the domain writes it: 万 with up to six decimals (exact to the fen). */
const WAN = /(-?)(\d+)(?:\.(\d{1,6}))?万/g;

/**
 * Every amount in a value in the reader's words (`trace.wan`): 万 as written in Chinese, yuan in English, where 万
 * is not a unit anyone counts in ("30万" → "¥300,000").
 */
function amounts(t: Translate, value: string): string {
  return value.replace(WAN, (wan, sign: string, whole: string, frac: string | undefined) => {
    const fen = Number(whole) * 1_000_000 + Number((frac ?? '').padEnd(6, '0'));
    const cents = fen % 100;
    const yuan = Math.floor(fen / 100).toLocaleString('en-US') + (cents ? `.${String(cents).padStart(2, '0')}` : '');
    return t('trace.wan', { wan, sign, yuan });
  });
}

/** Turns a captured value into words of the reader's language, by the group's name. */
function localise(t: Translate, name: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (name.endsWith('Flag') || name === 'flag') return value === 'true' ? t('common.yes') : t('common.no');
  if (name === 'payer') return t(`trace.party.${value}`, { defaultValue: value });
  if (name === 'who') return t(`trace.who.${value}`);
  if (name === 'recognition') return t(`choice.${value}`);
  if (name === 'scale') return value === 'not given' ? t('trace.notGiven') : t(`choice.${value}`, { defaultValue: value });
  if (name === 'eligible') return value.split(', ').map((s) => t(`choice.${s}`, { defaultValue: s })).join(t('trace.listSeparator'));
  if (name === 'region') return t(`region.${value}`, { defaultValue: value });
  // "rdExpensePrevFen, revenueFen" or "isTechSme (科技型中小企业), …": the fact names, as the form labels them.
  if (name === 'facts') {
    const names = [...value.matchAll(/([A-Za-z]+)(?: \([^)]*\))?/g)].map((m) => m[1]);
    return names.map((f) => t(`field.${f}`, { defaultValue: f })).join(t('trace.listSeparator'));
  }
  if (name === 'steps') return value === 'nothing' ? t('common.none') : amounts(t, value);
  // "city 6万, province 9万" → "市级 6万、省级 9万".
  if (name === 'parts') {
    return value
      .split(', ')
      .map((part) => amounts(t, part.replace(/^(\S+) /, (_, party: string) => `${t(`trace.party.${party}`, { defaultValue: party })} `)))
      .join(t('trace.listSeparator'));
  }
  return amounts(t, value);
}

/** The rule's name in the reader's language (its code when the i18n has none). */
export function ruleTitle(t: Translate, rule: string): string {
  return t(`trace.rule.${rule}`, { defaultValue: rule });
}

/** One trace entry as a sentence in the reader's language; null when no pattern knows its detail. */
export function traceMessage(t: Translate, entry: TraceLine): string | null {
  for (const pattern of PATTERNS) {
    if (pattern.rule !== entry.rule) continue;
    const match = pattern.re.exec(entry.detail);
    if (!match) continue;
    const params = Object.fromEntries(pattern.names.map((name, i) => [name, localise(t, name, match[i + 1])]));
    return t(`trace.msg.${pattern.key}`, params);
  }
  return null;
}

/** The sentence to show after the rule's title: the message, else whether the rule held. */
export function describeTrace(t: Translate, entry: TraceLine): string {
  return traceMessage(t, entry) ?? t(entry.passed ? 'trace.held' : 'trace.failed');
}
