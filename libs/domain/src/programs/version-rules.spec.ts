import { DomainError } from '../workflow/domain-error';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { parseProgramVersion } from './parse-program-version';
import { acceptedMaterialKinds, onceOnlyRefusal, ProgramVersion, PUBLIC_NOTICE_MIN_DAYS } from './program-version';

const copy = (program: string, version: string): ProgramVersion =>
  JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === program && v.version === version))) as ProgramVersion;

const fieldsOf = (v: unknown): string[] => {
  try {
    parseProgramVersion(v);
    return [];
  } catch (e) {
    return (e as DomainError).fields.map((f) => f.field);
  }
};

describe('program version rules of the bureau', () => {
  it('holds every 公示 to at least PUBLIC_NOTICE_MIN_DAYS days, and every review stage to a working-day limit', () => {
    expect(PUBLIC_NOTICE_MIN_DAYS).toBe(5);
    for (const v of BUILTIN_PROGRAM_VERSIONS) expect(fieldsOf(v)).toEqual([]);
    const v = copy('high-tech-reward', '2019');
    const notice = v.stages.findIndex((s) => s.code === 'public_notice');
    v.stages[notice].limitDays = PUBLIC_NOTICE_MIN_DAYS;
    expect(fieldsOf(v)).toEqual([]);
    v.stages[notice].limitDays = PUBLIC_NOTICE_MIN_DAYS - 1;
    expect(fieldsOf(v)).toEqual([`stages[${notice}].limitDays`]);
    const recheck = v.stages.findIndex((s) => s.code === 'recheck');
    v.stages[notice].limitDays = 10;
    v.stages[recheck].limitDays = null;
    expect(fieldsOf(v)).toEqual([`stages[${recheck}].limitDays`]);
  });

  it('accepts as material kinds the required and the optional ones, each once', () => {
    const v = copy('innovation-voucher', '2024');
    expect(acceptedMaterialKinds(v)).toEqual([...v.requiredMaterials, '其他补充材料']);
    v.optionalMaterials = [v.requiredMaterials[0]];
    // 其他补充材料 is no longer a kind of it, so its English name names nothing.
    expect(fieldsOf(v)).toEqual(['optionalMaterials', 'materialNamesEn.其他补充材料']);
  });

  it('holds what a program grants once only to a text fact of it, a refusal saying the value, and a system flag', () => {
    const v = copy('high-tech-reward', '2019');
    expect(v.onceOnlyClaims).toEqual([expect.objectContaining({ fact: 'certificateNo', repeatFact: 'certificateRewardedBefore' })]);
    expect(onceOnlyRefusal(v.onceOnlyClaims[0], 'GR1')).toBe('the high-tech enterprise certificate GR1 has been rewarded already (one reward per certificate)');
    v.onceOnlyClaims.push(
      { fact: 'certificateNo', refusal: 'again {value}', repeatFact: null },
      { fact: 'certificateIssuedOn', refusal: 'no value said', repeatFact: 'blacklisted' },
      { fact: 'contractNo', refusal: '{value}', repeatFact: 'inHighTechZone' },
    );
    expect(fieldsOf(v)).toEqual([
      'onceOnlyClaims[1].fact',
      'onceOnlyClaims[2].fact',
      'onceOnlyClaims[2].refusal',
      'onceOnlyClaims[2].repeatFact',
      'onceOnlyClaims[3].fact',
      'onceOnlyClaims[3].repeatFact',
    ]);
    // A version without the rule list is refused, not read as "nothing once only": the migration wrote it everywhere.
    delete (v as Partial<ProgramVersion>).onceOnlyClaims;
    expect(fieldsOf(v)).toEqual(['onceOnlyClaims']);
    expect(fieldsOf({ ...copy('rd-subsidy', '2019'), onceOnlyClaims: [] })).toEqual([]);
  });
});
