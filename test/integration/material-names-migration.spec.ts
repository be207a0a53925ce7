import { BUILTIN_PROGRAM_VERSIONS, parseProgramVersion } from '@app/domain';
import { versionsBench } from '@app/testing';
import { MaterialNamesEn1796008700000 } from '../../libs/persistence/src/migrations/1796008700000-material-names-en';

/**
 * Versions stored before `materialNamesEn` existed get the English names of the kinds they list, as the shipped
 * versions now have them; a kind of an administrator's own stays as written, and names given already are kept.
 */
describe('migration MaterialNamesEn (real PostgreSQL)', () => {
  let bench: Awaited<ReturnType<typeof versionsBench>>;

  beforeAll(async () => {
    bench = await versionsBench('material_names');
  });
  afterAll(async () => bench?.stop());

  it('names the kinds of the versions stored without names, and only those', async () => {
    const unnamed = <T extends { materialNamesEn?: unknown }>({ materialNamesEn: _, ...old }: T) => old;
    const voucher = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'innovation-voucher' && v.version === '2024')!;
    const own = { ...voucher, version: '2030', years: { from: 2030, to: null }, requiredMaterials: ['技术服务合同', '自定义材料'], optionalMaterials: [] };
    const named = { ...voucher, version: '2031', years: { from: 2031, to: null }, materialNamesEn: { 技术服务合同: 'Service contract' } };
    await bench.store([...BUILTIN_PROGRAM_VERSIONS.map(unnamed), unnamed(own), named]);

    await bench.up(new MaterialNamesEn1796008700000());

    const stored = await bench.definitions();
    for (const definition of Object.values(stored)) expect(() => parseProgramVersion(definition)).not.toThrow();
    expect(Object.fromEntries(Object.entries(stored).map(([key, v]) => [key, v.materialNamesEn]))).toEqual({
      ...Object.fromEntries(BUILTIN_PROGRAM_VERSIONS.map((v) => [`${v.program}@${v.version}`, v.materialNamesEn])),
      'innovation-voucher@2030': { 技术服务合同: 'Technical service contract' },
      'innovation-voucher@2031': { 技术服务合同: 'Service contract' },
    });
  });
});
