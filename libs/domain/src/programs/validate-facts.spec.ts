import { validateFacts } from './calculate';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { isInBureauArea } from './region';
import { selectVersion } from './select-version';

const version = (program: 'innovation-voucher' | 'rd-subsidy' | 'high-tech-reward', year: number) =>
  selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year);

describe('validateFacts', () => {
  it('finds nothing wrong with complete facts', () => {
    expect(validateFacts(version('rd-subsidy', 2019), { scale: 'above', rdExpenseFen: 1 })).toEqual([]);
  });

  it('names each missing, negative, fractional, mistyped and malformed fact', () => {
    expect(
      validateFacts(version('innovation-voucher', 2019), {
        isTechSme: 'yes',
        regionCode: '3501',
        serviceFeesFen: -5,
        grantedThisYearFen: 1.5,
        grantedProvinceThisYearFen: null,
      }),
    ).toEqual([
      { field: 'facts.isTechSme', message: 'must be true or false' },
      { field: 'facts.regionCode', message: 'must be a 6-digit administrative division code, got "3501"' },
      { field: 'facts.serviceFeesFen', message: 'must not be negative, got -5' },
      { field: 'facts.grantedThisYearFen', message: 'must be a whole number of fen, got 1.5' },
    ]);
    expect(validateFacts(version('high-tech-reward', 2019), { certificateIssuedOn: '2019-13-01' })).toEqual([
      { field: 'facts.recognition', message: "is required ('first' or 'renewal')" },
      { field: 'facts.scale', message: "is required ('above' or 'below')" },
      { field: 'facts.certificateNo', message: 'is required (a string)' },
      { field: 'facts.certificateIssuedOn', message: `must be a calendar date 'YYYY-MM-DD', got "2019-13-01"` },
    ]);
  });

  it('needs isTechSme unless a maker applies under a version that admits makers', () => {
    const facts = { isMaker: true, regionCode: '350102', serviceFeesFen: 100 };
    expect(validateFacts(version('innovation-voucher', 2019), facts)).toEqual([]);
    expect(validateFacts(version('innovation-voucher', 2024), facts).map((e) => e.field)).toEqual(['facts.isTechSme']);
  });

  it('needs scale unless the enterprise is a 高企, and isHighTech for a 规下 enterprise', () => {
    const v = version('rd-subsidy', 2019);
    expect(validateFacts(v, { isHighTech: true, rdExpenseFen: 1 })).toEqual([]);
    expect(validateFacts(v, { scale: 'below', rdExpenseFen: 1 }).map((e) => e.field)).toEqual(['facts.isHighTech']);
    expect(validateFacts(version('rd-subsidy', 2025), { rdExpenseFen: 1 }).map((e) => e.field)).toEqual([
      'facts.isTechEnterprise',
      'facts.rdExpensePrevFen',
    ]);
  });

  it('with only a program code, checks types and requires nothing', () => {
    expect(validateFacts('rd-subsidy', {})).toEqual([]);
    expect(validateFacts('rd-subsidy', { rdExpenseFen: '3000万' })).toEqual([
      { field: 'facts.rdExpenseFen', message: 'must be a number of fen' },
    ]);
    expect(validateFacts('grants' as never, {})).toEqual([
      { field: 'program', message: "unknown program 'grants' (expected innovation-voucher, rd-subsidy, high-tech-reward)" },
    ]);
    expect(validateFacts('rd-subsidy', [])).toEqual([{ field: 'facts', message: 'must be an object' }]);
  });

  it('ignores facts a program does not know', () => {
    expect(validateFacts(version('rd-subsidy', 2019), { scale: 'above', rdExpenseFen: 1, note: 42 })).toEqual([]);
  });
});

describe('isInBureauArea', () => {
  it('takes Fuzhou codes 3501xx, including 平潭 350128, and nothing else', () => {
    const params = { regionPrefix: '3501' };
    expect(['350102', '350181', '350128', '350100'].every((c) => isInBureauArea(c, params))).toBe(true);
    expect(isInBureauArea(350102, params)).toBe(true);
    expect(['350203', '350602', '3501', '35010', '3501020', '', '110101'].some((c) => isInBureauArea(c, params))).toBe(false);
  });
});
