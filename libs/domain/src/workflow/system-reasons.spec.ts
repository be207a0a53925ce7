import { failedRulesOfARefusal } from './refusal.fixture';
import {
  formatSystemReason,
  parseSystemReason,
  SCREENING_REFUSAL,
  SYSTEM_REASON_CODES,
  type SystemReason,
  type SystemReasonCode,
} from './system-reasons';

const failed = failedRulesOfARefusal();

/** Every code with the shapes its writers use (typed by code, so a code added later without an example fails to compile). */
const EXAMPLES: { [C in SystemReasonCode]: Extract<SystemReason, { code: C }>['params'][] } = {
  screened: [{ provisional: [] }, { provisional: ['isHighTech', 'scale'] }, { provisional: [], notEligible: ['tech-sme', 'rate'] }],
  'screening-refused': [{ failed, provisional: [] }, { failed, provisional: ['isTechSme'] }],
  'screening-overridden': [{ reason: '经核实该企业已于2024年入库科技型中小企业' }],
  'offer-confirmed': [{}],
  'offer-declined': [{}],
  'offer-lapsed': [{ by: '2024-05-31T15:59:59.999Z' }],
  'notice-ended': [{}],
  'supplement-lapsed': [{ by: '2024-06-14T16:00:00.000Z' }],
  escalated: [
    { clock: 'case', level: 1, post: 'section_head', titleZh: '科长' },
    { clock: 'formal_review', level: 3, post: 'director', titleZh: '局长' },
    { clock: 'acceptance', level: 4 },
  ],
  returned: [
    { reason: '发票与合同金额不一致：请核对', items: ['研发服务费发票', '技术服务合同（盖章页）'] },
    { reason: '缺少材料\n详见附件', items: [] },
  ],
  'expert-panel': [{ mean: 72.33, threshold: 70, passed: true }, { mean: 58, threshold: 60, passed: false }],
  'objection-upheld': [{ reason: '该企业服务合同涉嫌关联交易' }],
  paid: [{ note: null }, { note: '国库集中支付 2024-118' }],
  withdrawn: [{}],
  'pro-rata-reduced': [{ poolFen: 100_000_000, fromFen: 20_000_000, toFen: 15_384_615 }],
};

const reasons = (Object.entries(EXAMPLES) as [SystemReasonCode, object[]][]).flatMap(([code, list]) =>
  list.map((params) => ({ code, params }) as SystemReason),
);

describe('system reasons', () => {
  it('has an example for every code', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...SYSTEM_REASON_CODES].sort());
    expect(failed.length).toBeGreaterThanOrEqual(2);
  });

  it.each(reasons.map((r) => [r.code, r] as const))('reads back what it wrote: %s', (_code, reason) => {
    const text = formatSystemReason(reason);
    expect(parseSystemReason(text)).toEqual(reason);
  });

  it('writes the text the writers stored before the codes, byte for byte', () => {
    // Each of these is the template literal of a writer as it was, applied to the example's parameters.
    expect(formatSystemReason({ code: 'screened', params: { provisional: ['isHighTech', 'scale'] } })).toBe(
      'screened: eligible — provisional until verified: isHighTech (highTechCertNo), scale (scale)',
    );
    expect(formatSystemReason({ code: 'screening-refused', params: { failed, provisional: [] } })).toBe(
      `screening: not eligible\n${failed.map((t) => `- ${t.rule}: ${t.detail}`).join('\n')}`,
    );
    expect(formatSystemReason({ code: 'returned', params: { reason: '请补正', items: ['发票', '合同'] } })).toBe(
      `请补正\n补正 items:\n- ${['发票', '合同'].join('\n- ')}`,
    );
    expect(formatSystemReason({ code: 'escalated', params: { clock: 'case', level: 1, post: 'section_head', titleZh: '科长' } })).toBe(
      '承诺时限 overdue: escalation level 1 → 科长 (section_head)',
    );
    expect(formatSystemReason({ code: 'pro-rata-reduced', params: { poolFen: 100_000_000, fromFen: 20_000_000, toFen: 15_000_000 } })).toBe(
      '按比例核减: round oversubscribed, pool 100万; 20万 → 15万',
    );
    expect(formatSystemReason({ code: 'screening-refused', params: { failed, provisional: [] } }).startsWith(SCREENING_REFUSAL)).toBe(true);
  });

  it('understands rows stored before it existed', () => {
    expect(parseSystemReason('screened: eligible')).toEqual({ code: 'screened', params: { provisional: [] } });
    expect(parseSystemReason('screened: not eligible (tech-sme; region-in-bureau-area) — provisional until verified: isTechSme (techSmeNo)')).toEqual({
      code: 'screened', params: { provisional: ['isTechSme'], notEligible: ['tech-sme', 'region-in-bureau-area'] },
    });
    expect(
      parseSystemReason(
        'screening: not eligible\n- tech-sme: 科技型中小企业 with a registration number for the expense year: false\n' +
          '- region-in-bureau-area: region 110101, bureau area 3501xx — provisional until verified: isTechSme (科技型中小企业)',
      ),
    ).toEqual({
      code: 'screening-refused',
      params: {
        failed: [
          { rule: 'tech-sme', detail: '科技型中小企业 with a registration number for the expense year: false' },
          { rule: 'region-in-bureau-area', detail: 'region 110101, bureau area 3501xx' },
        ],
        provisional: ['isTechSme'],
      },
    });
    expect(parseSystemReason('offer not confirmed by 2024-05-31T16:00:00.000Z: it lapsed')).toEqual({
      code: 'offer-lapsed', params: { by: '2024-05-31T16:00:00.000Z' },
    });
    expect(parseSystemReason('no 补正 materials by 2024-06-14T16:00:00.000Z: the case lapsed')).toEqual({
      code: 'supplement-lapsed', params: { by: '2024-06-14T16:00:00.000Z' },
    });
    expect(parseSystemReason('public notice ended without objection')).toEqual({ code: 'notice-ended', params: {} });
    expect(parseSystemReason('acceptance overdue: escalation level 2 → 分管副局长 (deputy_director)')).toEqual({
      code: 'escalated', params: { clock: 'acceptance', level: 2, post: 'deputy_director', titleZh: '分管副局长' },
    });
    expect(parseSystemReason('发票不清晰\n补正 items:\n- 发票原件扫描件\n- 合同')).toEqual({
      code: 'returned', params: { reason: '发票不清晰', items: ['发票原件扫描件', '合同'] },
    });
    expect(parseSystemReason('expert panel mean 81.5 ≥ threshold 75')).toEqual({
      code: 'expert-panel', params: { mean: 81.5, threshold: 75, passed: true },
    });
    expect(parseSystemReason('paid')).toEqual({ code: 'paid', params: { note: null } });
  });

  it('leaves a person’s own words alone, colons and line breaks included', () => {
    for (const text of [
      '材料齐全，同意受理',
      'approve by the desk',
      '原因: 发票金额与合同不符',
      'screening: 经复核，该企业符合条件',
      'screened: 人工复核通过',
      '发票不清晰\n请重新上传',
      'note: see the attachment\nsecond line',
      'paid:',
      'public notice ended without objection.',
      'offer not confirmed by tomorrow: it lapsed',
      'expert panel mean high ≥ threshold 70',
      '按比例核减: 见会议纪要',
      '',
    ]) {
      expect({ text, parsed: parseSystemReason(text) }).toEqual({ text, parsed: null });
    }
    expect(parseSystemReason(null)).toBeNull();
  });
});
