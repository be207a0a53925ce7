import { splitByRatio, wanToFen } from '../money';
import { DomainError } from '../workflow/domain-error';
import { calculate, CalculationResult } from './calculate';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { ProgramCode, ProgramVersion } from './program-version';
import { selectVersion } from './select-version';

const W = wanToFen;
const version = (program: ProgramCode, year: number) => selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year);
const calc = (program: ProgramCode, year: number, facts: Record<string, unknown>) =>
  calculate(version(program, year), facts, year);
const failed = (result: CalculationResult) => result.trace.filter((t) => !t.passed).map((t) => t.rule);

describe('innovation-voucher 2024 (years ≥ 2024)', () => {
  const base = { isTechSme: true, regionCode: '350102', grantedThisYearFen: 0, grantedProvinceThisYearFen: 0 };

  it('fees 30万 → 15万: province 9万 + city 6万', () => {
    const result = calc('innovation-voucher', 2024, { ...base, serviceFeesFen: W(30) });
    expect(result).toMatchObject({ eligible: true, amountFen: W(15), split: { province: W(9), city: W(6) }, version: '2024' });
  });

  it('fees 60万 → 30万 capped at 20万: province min(18, 12, 20) = 12万 + city 8万', () => {
    const result = calc('innovation-voucher', 2025, { ...base, serviceFeesFen: W(60) });
    expect(result).toMatchObject({ amountFen: W(20), split: { province: W(12), city: W(8) } });
  });

  it('takes the provincial part already granted this year off the provincial cap', () => {
    const result = calc('innovation-voucher', 2024, { ...base, serviceFeesFen: W(30), grantedProvinceThisYearFen: W(10) });
    expect(result).toMatchObject({ amountFen: W(15), split: { province: W(2), city: W(13) } });
  });

  it('keeps the year within 20万, and the provincial part within the amount', () => {
    const result = calc('innovation-voucher', 2024, { ...base, serviceFeesFen: W(30), grantedThisYearFen: W(15) });
    expect(result).toMatchObject({ amountFen: W(5), split: { province: W(5) } });
    expect(result.split.city).toBeUndefined();
  });

  it('has no minimum, and defaults the granted amounts to 0', () => {
    const result = calc('innovation-voucher', 2024, { isTechSme: true, regionCode: '350181', serviceFeesFen: W(1) });
    expect(result).toMatchObject({ eligible: true, amountFen: W(0.5), split: { province: W(0.3), city: W(0.2) } });
  });

  it('excludes makers', () => {
    const result = calc('innovation-voucher', 2024, { isTechSme: false, isMaker: true, regionCode: '350102', serviceFeesFen: W(10) });
    expect(result).toMatchObject({ eligible: false, amountFen: 0, split: {} });
    expect(failed(result)).toEqual(['tech-sme']);
  });

  it('refuses once the year is used up', () => {
    const result = calc('innovation-voucher', 2024, { ...base, serviceFeesFen: W(10), grantedThisYearFen: W(20) });
    expect(failed(result)).toEqual(['yearly-maximum']);
  });

  it('refuses zero fees as nothing to pay', () => {
    expect(failed(calc('innovation-voucher', 2024, { ...base, serviceFeesFen: 0 }))).toEqual(['amount-positive']);
  });
});

describe('innovation-voucher 2019 (years 2019–2023)', () => {
  const enterprise = { isTechSme: true, isMaker: false, regionCode: '350102' };

  it('fees 1.5万 → 0.75万 below the 1万 minimum → refused, reason given', () => {
    const result = calc('innovation-voucher', 2019, { ...enterprise, serviceFeesFen: W(1.5) });
    expect(result).toMatchObject({ eligible: false, amountFen: 0, split: {}, version: '2019' });
    expect(failed(result)).toEqual(['minimum-amount']);
    expect(result.trace.find((t) => t.rule === 'minimum-amount')?.detail).toContain('0.75万');
  });

  it('fees 2万 → exactly the 1万 minimum, all provincial', () => {
    expect(calc('innovation-voucher', 2019, { ...enterprise, serviceFeesFen: W(2) })).toMatchObject({
      eligible: true,
      amountFen: W(1),
      split: { province: W(1) },
    });
  });

  it('fees 100万 → 50万 capped at 20万; after 12万 granted this year, 8万', () => {
    expect(calc('innovation-voucher', 2021, { ...enterprise, serviceFeesFen: W(100) }).split).toEqual({ province: W(20) });
    expect(
      calc('innovation-voucher', 2021, { ...enterprise, serviceFeesFen: W(100), grantedThisYearFen: W(12) }).amountFen,
    ).toBe(W(8));
  });

  it('makers have their own bounds: 1000元 minimum, 3万 maximum', () => {
    const maker = { isMaker: true, regionCode: '350103' };
    expect(calc('innovation-voucher', 2019, { ...maker, serviceFeesFen: W(10) }).amountFen).toBe(W(3));
    expect(calc('innovation-voucher', 2019, { ...maker, serviceFeesFen: W(0.4) }).amountFen).toBe(W(0.2));
    const tooSmall = calc('innovation-voucher', 2019, { ...maker, serviceFeesFen: 150_000 });
    expect(failed(tooSmall)).toEqual(['minimum-amount']);
  });

  it('lists every failed rule at once (一次性告知)', () => {
    const result = calc('innovation-voucher', 2020, {
      isTechSme: false,
      isMaker: false,
      regionCode: '350203',
      serviceFeesFen: W(1),
      relatedParty: true,
      blacklisted: true,
      grantedThisYearFen: W(20),
    });
    expect(result).toMatchObject({ eligible: false, amountFen: 0, split: {} });
    expect(failed(result)).toEqual([
      'tech-sme-or-maker',
      'not-related-party',
      'not-blacklisted',
      'region-in-bureau-area',
      'minimum-amount',
      'yearly-maximum',
    ]);
  });
});

describe('rd-subsidy 2019 (years ≤ 2024)', () => {
  it('E = 3000万 → 1000×3% + 2000×2% = 70万, split 21/21/28万', () => {
    const result = calc('rd-subsidy', 2019, { scale: 'above', isHighTech: false, rdExpenseFen: W(3000), blacklisted: false });
    expect(result).toMatchObject({
      eligible: true,
      amountFen: 70_000_000,
      split: { province: 21_000_000, city: 21_000_000, district: 28_000_000 },
      version: '2019',
    });
    expect(result.trace.find((t) => t.rule === 'banded-base')?.detail).toBe(
      'E = 3000万: 1000万 × 3% = 30万; 2000万 × 2% = 40万 → 70万',
    );
    expect(result.trace.every((t) => t.passed)).toBe(true);
  });

  it('adds the high-intensity bonus: 10% of the 100万 increase = 10万 on top of 12万', () => {
    const result = calc('rd-subsidy', 2020, {
      scale: 'above',
      isHighTech: false,
      rdExpenseFen: W(400),
      rdExpensePrevFen: W(300),
      outputValueFen: W(8000),
      taxPaidFen: W(1200),
      revenueFen: W(6000),
      blacklisted: false,
    });
    expect(result.amountFen).toBe(W(22));
    expect(result.split).toEqual({ province: W(6.6), city: W(6.6), district: W(8.8) });
    expect(result.trace.find((t) => t.rule === 'high-intensity-bonus')?.detail).toContain('= 10万');
    // the bonus alone shares 3 : 3 : 4 like the base: 3 / 3 / 4万
    expect(splitByRatio(W(10), { province: 3, city: 3, district: 4 })).toEqual({ province: W(3), city: W(3), district: W(4) });
  });

  it('gives no bonus at exactly 5% intensity, or when a fact for it is missing', () => {
    const facts = { scale: 'above', rdExpenseFen: W(400), rdExpensePrevFen: W(300), outputValueFen: W(8000), taxPaidFen: W(1200) };
    expect(calc('rd-subsidy', 2020, { ...facts, revenueFen: W(8000) }).amountFen).toBe(W(12));
    const missing = calc('rd-subsidy', 2020, facts);
    expect(missing.amountFen).toBe(W(12));
    expect(missing.trace.find((t) => t.rule === 'high-intensity-bonus')?.detail).toContain('revenueFen');
  });

  it('caps the base at 500万 and the bonus at 500万', () => {
    expect(calc('rd-subsidy', 2019, { scale: 'above', rdExpenseFen: W(30000) }).amountFen).toBe(W(360));
    expect(calc('rd-subsidy', 2019, { scale: 'above', rdExpenseFen: W(50000) }).amountFen).toBe(W(500));
    const both = calc('rd-subsidy', 2021, {
      scale: 'above',
      rdExpenseFen: W(50000),
      rdExpensePrevFen: W(40000),
      outputValueFen: W(900000),
      taxPaidFen: W(50000),
      revenueFen: W(800000),
    });
    expect(both.amountFen).toBe(W(1000));
    expect(both.split).toEqual({ province: W(300), city: W(300), district: W(400) });
  });

  it('admits a 规下 enterprise only with a 高企 certificate, and needs E ≥ 50万', () => {
    expect(calc('rd-subsidy', 2019, { scale: 'below', isHighTech: true, rdExpenseFen: W(50) }).amountFen).toBe(W(1.5));
    const refused = calc('rd-subsidy', 2019, { scale: 'below', isHighTech: false, rdExpenseFen: W(49), blacklisted: true });
    expect(refused).toMatchObject({ eligible: false, amountFen: 0, split: {} });
    expect(failed(refused)).toEqual(['scale-or-high-tech', 'minimum-rd-expense', 'not-blacklisted']);
  });

  it('can band the increase instead of E (base: increment)', () => {
    const v = version('rd-subsidy', 2019);
    if (v.calculator.kind !== 'rd-banded') throw new Error('rd-subsidy 2019 is banded');
    const onIncrement: ProgramVersion = {
      ...v,
      calculator: { kind: 'rd-banded', params: { ...v.calculator.params, base: 'increment', bonus: null } },
    };
    const result = calculate(onIncrement, { scale: 'above', rdExpenseFen: W(3000), rdExpensePrevFen: W(1000) }, 2019);
    expect(result.amountFen).toBe(W(50));
    expect(() => calculate(onIncrement, { scale: 'above', rdExpenseFen: W(3000) }, 2019)).toThrow(
      'facts.rdExpensePrevFen: is required',
    );
  });
});

describe('rd-subsidy 2025 (免申即享, years ≥ 2025)', () => {
  it('800万 → 1100万: 6% of 300万 = 18万, split 14.4/1.8/1.8万', () => {
    const result = calc('rd-subsidy', 2025, { isTechEnterprise: true, rdExpenseFen: W(1100), rdExpensePrevFen: W(800) });
    expect(result).toMatchObject({
      eligible: true,
      amountFen: 18_000_000,
      split: { province: 14_400_000, city: 1_800_000, district: 1_800_000 },
      version: '2025',
    });
  });

  it('an increase of 1.2亿 gives 720万, capped at 600万', () => {
    const result = calc('rd-subsidy', 2026, { isTechEnterprise: true, rdExpenseFen: W(15000), rdExpensePrevFen: W(3000) });
    expect(result.amountFen).toBe(W(600));
    expect(result.split).toEqual({ province: W(480), city: W(60), district: W(60) });
  });

  it('needs E above 200万, an increase of at least 100万, a 科技型企业', () => {
    expect(calc('rd-subsidy', 2025, { isTechEnterprise: true, rdExpenseFen: W(300), rdExpensePrevFen: W(200) }).amountFen).toBe(W(6));
    const refused = calc('rd-subsidy', 2025, { isTechEnterprise: false, rdExpenseFen: W(200), rdExpensePrevFen: W(150) });
    expect(failed(refused)).toEqual(['tech-enterprise', 'rd-expense-above', 'rd-increase']);
  });
});

describe('high-tech-reward', () => {
  const facts = {
    recognition: 'first',
    scale: 'above',
    inHighTechZone: true,
    certificateNo: 'GR201935000123',
    certificateIssuedOn: '2019-12-02',
    blacklisted: false,
  };

  it('a 规上 enterprise in 高新区, first recognised → city 20万 + district 30万', () => {
    expect(calc('high-tech-reward', 2019, facts)).toMatchObject({
      eligible: true,
      amountFen: W(50),
      split: { city: W(20), district: W(30) },
      version: '2019',
    });
  });

  it('规下 outside the zone → city 10万; renewals get the city award plus 5万 in the zone', () => {
    expect(calc('high-tech-reward', 2019, { ...facts, scale: 'below', inHighTechZone: false }).split).toEqual({ city: W(10) });
    expect(calc('high-tech-reward', 2019, { ...facts, recognition: 'renewal' }).split).toEqual({ city: W(20), district: W(5) });
    expect(calc('high-tech-reward', 2019, { ...facts, recognition: 'renewal', scale: 'below' }).split).toEqual({
      city: W(10),
      district: W(5),
    });
    expect(calc('high-tech-reward', 2019, { ...facts, scale: 'below' }).split).toEqual({ city: W(10), district: W(15) });
  });

  it('refuses a certificate of another year, outside the area, blacklisted or already rewarded — all at once', () => {
    const result = calc('high-tech-reward', 2020, {
      ...facts,
      regionCode: '350203',
      blacklisted: true,
      certificateRewardedBefore: true,
    });
    expect(result).toMatchObject({ eligible: false, amountFen: 0, split: {} });
    expect(failed(result)).toEqual([
      'certificate-in-reward-year',
      'region-in-bureau-area',
      'not-blacklisted',
      'one-reward-per-certificate',
    ]);
  });

  it('accepts an area region code', () => {
    expect(calc('high-tech-reward', 2019, { ...facts, regionCode: '350128' }).eligible).toBe(true);
  });
});

describe('calculate: bad input', () => {
  const expectInvalid = (fn: () => unknown, fields: string[]) => {
    try {
      fn();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).fields.map((f) => f.field)).toEqual(fields);
      return;
    }
    throw new Error('expected a validation error');
  };

  it('names missing, negative and mistyped facts', () => {
    expectInvalid(() => calc('rd-subsidy', 2019, { scale: 'above' }), ['facts.rdExpenseFen']);
    expectInvalid(() => calc('rd-subsidy', 2019, { scale: 'above', rdExpenseFen: -1 }), ['facts.rdExpenseFen']);
    expectInvalid(() => calc('rd-subsidy', 2019, { scale: 'big', rdExpenseFen: 1.5 }), ['facts.scale', 'facts.rdExpenseFen']);
    expectInvalid(() => calc('high-tech-reward', 2019, { recognition: 'first', scale: 'above', certificateNo: 'x', certificateIssuedOn: '2019-02-30' }), [
      'facts.certificateIssuedOn',
    ]);
    expectInvalid(() => calc('innovation-voucher', 2019, null as never), ['facts']);
  });

  it('refuses a year the version does not cover', () => {
    expectInvalid(() => calculate(version('innovation-voucher', 2019), { isTechSme: true, regionCode: '350102', serviceFeesFen: 1 }, 2024), [
      'year',
    ]);
  });
});
