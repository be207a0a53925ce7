import { formatSystemReason, parseSystemReason, SYSTEM_REASON_CODES, type SystemReason } from '@app/domain';
import { failedRulesOfARefusal } from '@app/domain/workflow/refusal.fixture';
import i18n from '../i18n';
import { dateTime, yuan } from '../format';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { plainTranslator } from '../i18n/plain-translator';
import { paramsOf, reasonView, type ReasonView } from './reason-messages';
import type { Translate } from './trace-messages';

// format.ts reads the language from the i18next instance, which needs a browser to start: the specs set it.
jest.mock('../i18n', () => ({ __esModule: true, default: { language: 'zh' } }));

/** A timeline entry as the API gives it: the stored text, and the code and parameters read back from it. */
function entry(reason: SystemReason) {
  const text = formatSystemReason(reason);
  const parsed = parseSystemReason(text);
  return { reason: text, reasonCode: parsed?.code ?? null, reasonParams: parsed?.params ?? null } as Parameters<typeof reasonView>[1];
}

const failed = failedRulesOfARefusal();

/** Every code, with a person's words (where a reason carries them) in Chinese, as on the Chinese pages. */
const REASONS: SystemReason[] = [
  { code: 'screened', params: { provisional: [] } },
  { code: 'screened', params: { provisional: ['isHighTech', 'scale'] } },
  { code: 'screened', params: { provisional: [], notEligible: ['tech-sme', 'region-in-bureau-area'] } },
  { code: 'screening-refused', params: { failed, provisional: ['isTechSme'] } },
  { code: 'screening-overridden', params: { reason: '经核实该企业已于2024年入库科技型中小企业' } },
  { code: 'offer-confirmed', params: {} },
  { code: 'offer-declined', params: {} },
  { code: 'offer-lapsed', params: { by: '2024-05-31T15:59:59.999Z' } },
  { code: 'notice-ended', params: {} },
  { code: 'supplement-lapsed', params: { by: '2024-06-14T16:00:00.000Z' } },
  { code: 'escalated', params: { clock: 'case', level: 1, post: 'section_head', titleZh: '科长' } },
  { code: 'escalated', params: { clock: 'formal_review', level: 2, post: 'deputy_director', titleZh: '分管副局长' } },
  { code: 'escalated', params: { clock: 'acceptance', level: 3, post: 'inspector', titleZh: '督查专员' } },
  { code: 'escalated', params: { clock: 'recheck', level: 4 } },
  { code: 'returned', params: { reason: '发票与合同金额不一致：请核对', items: ['研发服务费发票', '技术服务合同（盖章页）'] } },
  { code: 'expert-panel', params: { mean: 72.33, threshold: 70, passed: true } },
  { code: 'expert-panel', params: { mean: 58, threshold: 60, passed: false } },
  { code: 'objection-upheld', params: { reason: '该企业服务合同涉嫌关联交易' } },
  { code: 'paid', params: { note: null } },
  { code: 'paid', params: { note: '国库集中支付第118号' } },
  { code: 'withdrawn', params: {} },
  { code: 'pro-rata-reduced', params: { poolFen: 100_000_000, fromFen: 20_000_000, toFen: 15_384_615 } },
];

const flat = (view: ReasonView | null) => (view ? [view.text, view.list?.heading ?? '', ...(view.list?.items ?? [])].join('\n') : '');

describe('system reasons on the timeline, in the reader language', () => {
  const zhT = plainTranslator(zh);
  const enT = plainTranslator(en);
  const stage = (t: Translate) => (code: string) => t(`status.${code}`, { defaultValue: code });
  const render = (t: Translate, language: 'zh' | 'en', reason: SystemReason) => {
    (i18n as { language: string }).language = language;
    return reasonView(t, entry(reason), stage(t));
  };

  it('has a message for every code the domain writes', () => {
    expect([...new Set(REASONS.map((r) => r.code))].sort()).toEqual([...SYSTEM_REASON_CODES].sort());
    for (const reason of REASONS) expect({ code: reason.code, view: render(zhT, 'zh', reason) }).toEqual({ code: reason.code, view: expect.anything() });
  });

  it('says it in Chinese: no English word and no placeholder left', () => {
    for (const reason of REASONS) {
      const text = flat(render(zhT, 'zh', reason));
      expect({ code: reason.code, text }).toEqual({ code: reason.code, text: expect.not.stringMatching(/[A-Za-z]{2,}|\{\{/) });
    }
  });

  it('says it in English, with no key or placeholder left', () => {
    for (const reason of REASONS) {
      const text = flat(render(enT, 'en', reason));
      expect({ code: reason.code, text }).toEqual({ code: reason.code, text: expect.not.stringMatching(/\{\{|timeline\.|trace\.|field\./) });
      // Only a person's words (and a post's Chinese title, which is program data) may be Chinese.
      const own = JSON.stringify(reason.params);
      const chinese = text.match(/[\u4e00-\u9fff]+/g) ?? [];
      expect({ code: reason.code, chinese: chinese.filter((c) => !own.includes(c)) }).toEqual({ code: reason.code, chinese: [] });
    }
  });

  it('names the clock, the level and the post of an escalation', () => {
    const [caseClock, stageClock] = REASONS.filter((r) => r.code === 'escalated');
    expect(render(zhT, 'zh', caseClock)!.text).toContain(zh.timeline.reason.caseClock);
    expect(render(enT, 'en', caseClock)!.text).toContain('the promised deadline');
    expect(render(zhT, 'zh', stageClock)!.text).toContain(zh.status.formal_review);
    expect(render(enT, 'en', stageClock)!.text).toContain(en.status.formal_review);
    expect(render(zhT, 'zh', stageClock)!.text).toContain('分管副局长');
  });

  it('lists a refusal’s failed rules and a return’s items under their heading', () => {
    const refused = render(zhT, 'zh', REASONS.find((r) => r.code === 'screening-refused')!)!;
    expect(refused.list!.items).toHaveLength(failed.length);
    expect(refused.text).toContain(zh.field.isTechSme);
    const returned = REASONS.find((r) => r.code === 'returned') as Extract<SystemReason, { code: 'returned' }>;
    expect(render(zhT, 'zh', returned)).toEqual({ text: returned.params.reason, list: { heading: '补正材料清单', items: returned.params.items } });
    expect(render(enT, 'en', returned)!.list!.heading).toBe('Items to supply');
    expect(paramsOf(entry(returned), 'returned')).toEqual(returned.params);
    expect(paramsOf(entry(returned), 'paid')).toBeNull();
  });

  it('gives dates and amounts with the page’s formats', () => {
    const lapsed = REASONS.find((r) => r.code === 'offer-lapsed') as Extract<SystemReason, { code: 'offer-lapsed' }>;
    for (const [t, language] of [[zhT, 'zh'], [enT, 'en']] as const) {
      const text = render(t, language, lapsed)!.text;
      expect(text).toContain(dateTime(lapsed.params.by));
    }
    const cut = REASONS.find((r) => r.code === 'pro-rata-reduced') as Extract<SystemReason, { code: 'pro-rata-reduced' }>;
    expect(render(zhT, 'zh', cut)!.text).toContain(yuan(cut.params.toFen));
  });

  it('leaves a person’s words to be shown as written', () => {
    expect(reasonView(zhT, { reason: '材料齐全: 同意受理\n请尽快办理', reasonCode: null, reasonParams: null }, stage(zhT))).toBeNull();
    expect(reasonView(zhT, { reason: null, reasonCode: null, reasonParams: null }, stage(zhT))).toBeNull();
  });
});
