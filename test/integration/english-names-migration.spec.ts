import { BUILTIN_PROGRAM_VERSIONS, parseProgramVersion, ProgramVersion } from '@app/domain';
import { versionsBench } from '@app/testing';
import { EnglishNames1796008700000 } from '../../libs/persistence/src/migrations/1796008700000-english-names';

/**
 * Versions stored before `materialNamesEn` and the criteria's `nameEn` existed get the English names of what they
 * list, as the shipped versions now have them; a kind or criterion of an administrator's own stays as written, and
 * names given already are kept.
 */
describe('migration EnglishNames (real PostgreSQL)', () => {
  let bench: Awaited<ReturnType<typeof versionsBench>>;

  beforeAll(async () => {
    bench = await versionsBench('english_names');
  });
  afterAll(async () => bench?.stop());

  /** A version as stored before the names: none for its kinds, none for its criteria. */
  const unnamed = ({ materialNamesEn: _, ...v }: ProgramVersion) => ({
    ...v,
    expertPanel: v.expertPanel && { ...v.expertPanel, criteria: v.expertPanel.criteria.map(({ nameEn: __, ...c }) => c) },
  });

  it('names the kinds and the criteria of the versions stored without names, and only those', async () => {
    const voucher = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'innovation-voucher' && v.version === '2024')!;
    const rd = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'rd-subsidy' && v.version === '2025')!;
    const own = { ...voucher, version: '2030', years: { from: 2030, to: null }, requiredMaterials: ['技术服务合同', '自定义材料'], optionalMaterials: [] };
    const named = { ...voucher, version: '2031', years: { from: 2031, to: null }, materialNamesEn: { 技术服务合同: 'Service contract' } };
    // A criterion of the bureau's own, and one whose code is shipped but whose name the bureau changed.
    const ownCriteria = {
      ...rd, version: '2030', years: { from: 2030, to: null },
      expertPanel: { ...rd.expertPanel!, criteria: [
        { code: 'rd_authenticity', nameZh: '研发活动真实性', maxScore: 50 },
        { code: 'materials', nameZh: '材料齐全', maxScore: 30 },
        { code: 'market', nameZh: '市场前景', maxScore: 20 },
      ] },
    };
    await bench.store([...BUILTIN_PROGRAM_VERSIONS.map(unnamed), unnamed(own), named, unnamed(ownCriteria)]);

    await bench.run(new EnglishNames1796008700000(), 'up');

    const stored = await bench.definitions();
    for (const definition of Object.values(stored)) expect(() => parseProgramVersion(definition)).not.toThrow();
    // Every shipped version as it is shipped.
    for (const v of BUILTIN_PROGRAM_VERSIONS) expect(stored[`${v.program}@${v.version}`]).toEqual(JSON.parse(JSON.stringify(v)));
    expect(stored['innovation-voucher@2030'].materialNamesEn).toEqual({ 技术服务合同: 'Technical service contract' });
    expect(stored['innovation-voucher@2031'].materialNamesEn).toEqual({ 技术服务合同: 'Service contract' });
    expect(stored['rd-subsidy@2030'].expertPanel!.criteria).toEqual([
      { code: 'rd_authenticity', nameZh: '研发活动真实性', nameEn: 'R&D activity genuine', maxScore: 50 },
      { code: 'materials', nameZh: '材料齐全', maxScore: 30 },
      { code: 'market', nameZh: '市场前景', maxScore: 20 },
    ]);

    // Down takes every English name away again, and leaves each version parseable.
    await bench.run(new EnglishNames1796008700000(), 'down');
    const reverted = Object.values(await bench.definitions());
    for (const definition of reverted) expect(() => parseProgramVersion(definition)).not.toThrow();
    expect(reverted.filter((v) => 'materialNamesEn' in v || (v.expertPanel?.criteria ?? []).some((c) => 'nameEn' in c))).toEqual([]);
  });
});
