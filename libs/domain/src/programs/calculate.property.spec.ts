import fc from 'fast-check';
import { sumSplit, wanToFen } from '../money';
import { calculate, calculateValidated, CalculationResult, validateFacts } from './calculate';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { ProgramCode } from './program-version';
import { selectVersion } from './select-version';

const W = wanToFen;
const version = (program: ProgramCode, year: number) => selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year);
const fen = (maxWan: number) => fc.integer({ min: 0, max: W(maxWan) });

const voucherFacts = fc.record({
  isTechSme: fc.boolean(),
  isMaker: fc.boolean(),
  regionCode: fc.constantFrom('350102', '350128', '350181', '350203'),
  serviceFeesFen: fen(100),
  relatedParty: fc.boolean(),
  blacklisted: fc.boolean(),
  grantedThisYearFen: fen(25),
  grantedProvinceThisYearFen: fen(15),
});

const rdFacts = fc.record({
  scale: fc.constantFrom('above', 'below'),
  isHighTech: fc.boolean(),
  isTechEnterprise: fc.boolean(),
  rdExpenseFen: fen(80_000),
  rdExpensePrevFen: fen(80_000),
  outputValueFen: fen(1_000_000),
  taxPaidFen: fen(100_000),
  revenueFen: fen(1_000_000),
  blacklisted: fc.boolean(),
});

const highTechFacts = fc.record({
  recognition: fc.constantFrom('first', 'renewal'),
  scale: fc.constantFrom('above', 'below'),
  inHighTechZone: fc.boolean(),
  certificateNo: fc.constant('GR201935000123'),
  certificateIssuedOn: fc.constantFrom('2019-01-15', '2019-12-31', '2018-12-31'),
  blacklisted: fc.boolean(),
  certificateRewardedBefore: fc.boolean(),
});

/** Laws every result keeps: the split adds up, a refusal pays nobody and says why. */
function expectConsistent(result: CalculationResult): void {
  expect(sumSplit(result.split)).toBe(result.amountFen);
  expect(Object.values(result.split).every((part) => (part ?? 0) > 0)).toBe(true);
  expect(result.eligible).toBe(result.trace.every((t) => t.passed));
  if (!result.eligible) {
    expect(result.amountFen).toBe(0);
    expect(result.split).toEqual({});
    expect(result.trace.some((t) => !t.passed)).toBe(true);
  }
}

describe('calculator laws (properties)', () => {
  it('innovation vouchers add up, stay within the yearly maximum and the provincial cap', () => {
    fc.assert(
      fc.property(fc.constantFrom(2019, 2024), voucherFacts, (year, facts) => {
        const result = calculate(version('innovation-voucher', year), facts, year);
        expectConsistent(result);
        const max = year === 2019 && facts.isMaker ? W(3) : W(20);
        expect(result.amountFen).toBeLessThanOrEqual(Math.max(0, max - facts.grantedThisYearFen));
        expect(result.amountFen).toBeLessThanOrEqual(Math.floor(facts.serviceFeesFen / 2));
        if (year === 2024) {
          expect(result.split.province ?? 0).toBeLessThanOrEqual(Math.max(0, W(12) - facts.grantedProvinceThisYearFen));
          expect(result.split.province ?? 0).toBeLessThanOrEqual(Math.floor((facts.serviceFeesFen * 3) / 10));
        }
      }),
    );
  });

  it('R&D subsidies add up and stay within their caps', () => {
    fc.assert(
      fc.property(fc.constantFrom(2019, 2025), rdFacts, (year, facts) => {
        const result = calculate(version('rd-subsidy', year), facts, year);
        expectConsistent(result);
        expect(result.amountFen).toBeLessThanOrEqual(year === 2019 ? W(1000) : W(600));
      }),
    );
  });

  it('high-tech rewards add up and pay at most the two lines', () => {
    fc.assert(
      fc.property(highTechFacts, (facts) => {
        const result = calculate(version('high-tech-reward', 2019), facts, 2019);
        expectConsistent(result);
        expect(result.amountFen).toBeLessThanOrEqual(W(50));
      }),
    );
  });

  it('a voucher never shrinks when the fees grow', () => {
    fc.assert(
      fc.property(fc.constantFrom(2019, 2024), voucherFacts, fen(50), (year, facts, more) => {
        const v = version('innovation-voucher', year);
        const before = calculate(v, facts, year).amountFen;
        const after = calculate(v, { ...facts, serviceFeesFen: facts.serviceFeesFen + more }, year).amountFen;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('an R&D subsidy never shrinks when this year’s R&D grows', () => {
    fc.assert(
      fc.property(fc.constantFrom(2019, 2025), rdFacts, fen(20_000), (year, facts, more) => {
        const v = version('rd-subsidy', year);
        const before = calculate(v, facts, year).amountFen;
        const after = calculate(v, { ...facts, rdExpenseFen: facts.rdExpenseFen + more }, year).amountFen;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
    );
  });

  it('judges validated facts without validating again exactly as calculate does (the 免申即享 import)', () => {
    const cases = fc.oneof(
      fc.tuple(fc.constantFrom(2019, 2024), voucherFacts).map(([year, facts]) => ({ program: 'innovation-voucher' as const, year, facts })),
      fc.tuple(fc.constantFrom(2019, 2025), rdFacts).map(([year, facts]) => ({ program: 'rd-subsidy' as const, year, facts })),
      highTechFacts.map((facts) => ({ program: 'high-tech-reward' as const, year: 2019, facts })),
    );
    fc.assert(
      fc.property(cases, ({ program, year, facts }) => {
        const v = version(program, year);
        expect(validateFacts(v, facts)).toEqual([]);
        expect(calculateValidated(v, facts, year)).toEqual(calculate(v, facts, year));
      }),
      { numRuns: 5_000 },
    );
  });
});
