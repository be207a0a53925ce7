import { BUILTIN_PROGRAM_VERSIONS, calculate, selectVersion, type ProgramCode } from '@app/domain';
import { en } from '../i18n/en';
import { zh } from '../i18n/zh';
import { plainTranslator as translator } from '../i18n/plain-translator';
import { describeTrace, traceMessage, type TraceLine } from './trace-messages';

const W = (wan: number) => Math.round(wan * 1_000_000);

const trace = (program: ProgramCode, year: number, facts: Record<string, unknown>): TraceLine[] =>
  calculate(selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year), facts, year).trace;

const voucher = { isTechSme: true, regionCode: '350102', serviceFeesFen: W(30) };
const rd = { scale: 'above', isHighTech: false, rdExpenseFen: W(400), rdExpensePrevFen: W(300), outputValueFen: W(8000), taxPaidFen: W(1200) };
const reward = { recognition: 'first', scale: 'above', inHighTechZone: true, certificateNo: 'GR201935000123', certificateIssuedOn: '2019-12-02' };

/** Every branch of every calculator's trace, and the entries the workers add. */
const TRACES: TraceLine[] = [
  ...trace('innovation-voucher', 2024, voucher),
  ...trace('innovation-voucher', 2024, { ...voucher, isTechSme: false, isMaker: true, relatedParty: true, blacklisted: true, regionCode: '110101' }),
  ...trace('innovation-voucher', 2024, { ...voucher, serviceFeesFen: 0 }),
  ...trace('innovation-voucher', 2019, { ...voucher, isMaker: false, serviceFeesFen: W(1.5) }),
  ...trace('innovation-voucher', 2019, { isTechSme: false, isMaker: true, regionCode: '350102', serviceFeesFen: 150_000 }),
  ...trace('innovation-voucher', 2021, { ...voucher, serviceFeesFen: W(100), grantedThisYearFen: W(12) }),
  ...trace('rd-subsidy', 2020, { ...rd, revenueFen: W(6000) }),
  ...trace('rd-subsidy', 2020, { ...rd, revenueFen: W(8000) }),
  ...trace('rd-subsidy', 2020, rd),
  ...trace('rd-subsidy', 2019, { scale: 'below', isHighTech: false, rdExpenseFen: W(49), blacklisted: true }),
  ...trace('rd-subsidy', 2019, { scale: 'below', isHighTech: true, rdExpenseFen: W(50) }),
  ...trace('rd-subsidy', 2025, { isTechEnterprise: true, rdExpenseFen: W(1100), rdExpensePrevFen: W(800) }),
  ...trace('rd-subsidy', 2025, { isTechEnterprise: false, rdExpenseFen: W(100), rdExpensePrevFen: W(99) }),
  ...trace('high-tech-reward', 2019, reward),
  ...trace('high-tech-reward', 2019, { ...reward, recognition: 'renewal', scale: 'below', inHighTechZone: false, certificateRewardedBefore: true }),
  ...trace('high-tech-reward', 2019, { ...reward, regionCode: '350102', certificateIssuedOn: '2018-12-02' }),
  ...trace('high-tech-reward', 2019, { ...reward, regionCode: undefined }),
  {
    rule: 'provisional', passed: true,
    detail: 'provisional: rests on facts the enterprise declared, not verified yet: isTechSme (科技型中小企业), scale (企业规模); the acceptance reviewer verifies them',
  },
  { rule: 'pro-rata-reduction', passed: true, detail: '按比例核减: round oversubscribed, pool 100万; 20万 → 15万' },
];

describe('the rule trace in the reader language', () => {
  const zhT = translator(zh);
  const enT = translator(en);

  it('recognises the detail of every rule the calculators and workers write', () => {
    const unknown = TRACES.filter((entry) => traceMessage(zhT, entry) === null).map((e) => `${e.rule}: ${e.detail}`);
    expect(unknown).toEqual([]);
    expect(new Set(TRACES.map((e) => e.rule)).size).toBeGreaterThanOrEqual(27);
  });

  it('says it in Chinese: no English word and no placeholder left', () => {
    for (const entry of TRACES) {
      const text = describeTrace(zhT, entry);
      // Certificate numbers (GR…) and percentages are data, not words.
      expect({ rule: entry.rule, text: text.replace(/GR\d+/g, '') }).toEqual({ rule: entry.rule, text: expect.not.stringMatching(/[A-Za-z]{2,}|\{\{/) });
    }
    expect(describeTrace(zhT, TRACES[0])).toBe('支出年度已取得科技型中小企业入库登记编号：是。');
  });

  it('says it in English too, with the numbers of the detail', () => {
    const rate = TRACES.find((e) => e.rule === 'rate')!;
    expect(describeTrace(zhT, rate)).toBe('研发服务费 30万 × 50% = 15万。');
    // 万 is no unit an English reader counts in: the amounts are in yuan, to the fen where it has fen.
    expect(describeTrace(enT, rate)).toBe('Service fees ¥300,000 × 50% = ¥150,000.');
    const reduced = TRACES.find((e) => e.rule === 'pro-rata-reduction')!;
    expect(describeTrace(enT, { ...reduced, detail: '按比例核减: round oversubscribed, pool 100万; 20.000123万 → -0.5万' }))
      .toMatch(/¥1,000,000.*¥200,001\.23.*-¥5,000\b/);
    for (const entry of TRACES) expect(describeTrace(enT, entry)).not.toMatch(/\{\{|trace\.|万/);
  });

  it('falls back to whether the rule held for a detail it does not know', () => {
    expect(describeTrace(zhT, { rule: 'some-new-rule', passed: false, detail: 'something new' })).toBe('不符合');
  });
});
