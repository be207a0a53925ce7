import { DomainError } from '../workflow/domain-error';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { parseProgramVersion } from './parse-program-version';
import { ProgramCode } from './program-version';
import { selectVersion } from './select-version';

const pick = (program: ProgramCode, year: number) => selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year).version;

describe('selectVersion', () => {
  it('chooses the version by the application year', () => {
    expect([2019, 2023, 2024, 2030].map((y) => pick('innovation-voucher', y))).toEqual(['2019', '2019', '2024', '2024']);
    expect([2017, 2019, 2024, 2025, 2040].map((y) => pick('rd-subsidy', y))).toEqual(['2019', '2019', '2019', '2025', '2025']);
    expect(pick('high-tech-reward', 2027)).toBe('2019');
  });

  it('refuses a year no version covers, naming the year', () => {
    expect(() => pick('innovation-voucher', 2018)).toThrow('year: no version of innovation-voucher applies to 2018');
    expect(() => pick('high-tech-reward', 2018)).toThrow(DomainError);
    expect(() => pick('rd-subsidy', 2019.5)).toThrow('year: must be an integer year');
  });

  it('prefers the latest start when versions overlap', () => {
    const v2019 = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'rd-subsidy' && v.version === '2019');
    const overlapping = { ...v2019!, version: 'x', years: { from: 2022, to: null } };
    expect(selectVersion([...BUILTIN_PROGRAM_VERSIONS, overlapping], 'rd-subsidy', 2023).version).toBe('x');
  });
});

describe('the shipped program versions', () => {
  it('are the five published versions', () => {
    expect(BUILTIN_PROGRAM_VERSIONS.map((v) => `${v.program}@${v.version}`)).toEqual([
      'innovation-voucher@2019',
      'innovation-voucher@2024',
      'rd-subsidy@2019',
      'rd-subsidy@2025',
      'high-tech-reward@2019',
    ]);
  });

  it('keep the stage limits before 办结 within 承诺时限 and follow docs/PROGRAMS.md', () => {
    const stages = (program: ProgramCode, year: number) =>
      selectVersion(BUILTIN_PROGRAM_VERSIONS, program, year).stages.map(
        (s) => `${s.code}:${s.limitDays ?? '-'}${s.unit === 'calendar' ? 'c' : ''}${s.countsOnCaseClock ? '' : '*'}`,
      );
    expect(stages('innovation-voucher', 2019)).toEqual([
      'acceptance:2',
      'formal_review:5',
      'recheck:5',
      'public_notice:7c*',
      'disbursement:15*',
    ]);
    expect(stages('rd-subsidy', 2019)).toEqual([
      'acceptance:2',
      'formal_review:5',
      'expert_review:-*',
      'recheck:5',
      'public_notice:7c*',
      'disbursement:15*',
    ]);
    expect(stages('rd-subsidy', 2025)[0]).toBe('enterprise_confirmation:10*');
    expect(stages('high-tech-reward', 2019)).toEqual([
      'enterprise_confirmation:10*',
      'recheck:3',
      'public_notice:10*',
      'disbursement:10*',
    ]);
    for (const v of BUILTIN_PROGRAM_VERSIONS) {
      expect(v.promisedLimitDays).toBe(15);
      expect(v.directorThresholdFen).toBe(100_000_000);
      expect(v.confirmationLimitDays).toBe(v.autoOffer ? 10 : null);
      expect(v.expertPanel === null).toBe(!v.stages.some((s) => s.code === 'expert_review'));
    }
  });

  it('are frozen, so no caller can change the rules of a judged case', () => {
    expect(Object.isFrozen(BUILTIN_PROGRAM_VERSIONS[0])).toBe(true);
  });
});

describe('parseProgramVersion', () => {
  const good = () => JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS[2])) as Record<string, unknown>;
  const fieldsOf = (value: unknown) => {
    try {
      parseProgramVersion(value);
    } catch (e) {
      return (e as DomainError).fields.map((f) => f.field);
    }
    return [];
  };

  it('accepts the shipped files', () => {
    for (const v of BUILTIN_PROGRAM_VERSIONS) expect(fieldsOf(JSON.parse(JSON.stringify(v)))).toEqual([]);
  });

  it('names every broken field at once', () => {
    const broken = good();
    broken.program = 'grants';
    broken.promisedLimitDays = 25;
    (broken.calculator as { params: { ratio: unknown; bands: Array<{ rateBp: number }> } }).params.ratio = { county: 1 };
    (broken.calculator as { params: { bands: Array<{ rateBp: number }> } }).params.bands[1].rateBp = 2.5;
    expect(fieldsOf(broken)).toEqual([
      'program',
      'promisedLimitDays',
      'calculator.params.bands[1].rateBp',
      'calculator.params.ratio.county',
      'calculator.params.ratio',
    ]);
    expect(fieldsOf('nope')).toEqual(['version']);
  });

  it('refuses stage limits that add up past 承诺时限, and a formula of another program', () => {
    const v = good();
    (v.stages as Array<{ limitDays: number }>)[1].limitDays = 9;
    (v.calculator as { kind: string }).kind = 'high-tech-reward';
    expect(fieldsOf(v)).toContain('stages');
    expect(fieldsOf(v)).toContain('calculator.kind');
  });
});
