import { BUILTIN_PROGRAM_VERSIONS, parseProgramVersion, ProgramVersion } from '@app/domain';
import { createDataSource, runMigrations } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { MaterialNamesEn1796008700000 } from '../../libs/persistence/src/migrations/1796008700000-material-names-en';

/**
 * Versions stored before `materialNamesEn` existed get the English names of the kinds they list, as the shipped
 * versions now have them; a kind of an administrator's own stays as written, and names given already are kept.
 */
describe('migration MaterialNamesEn (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('material_names');
    ds = createDataSource(db.url, { extra: { max: 2 } });
    await ds.initialize();
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('names the kinds of the versions stored without names, and only those', async () => {
    const voucher = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'innovation-voucher' && v.version === '2024')!;
    const own = { ...voucher, version: '2030', years: { from: 2030, to: null }, requiredMaterials: ['技术服务合同', '自定义材料'], optionalMaterials: [] };
    const named = { ...voucher, version: '2031', years: { from: 2031, to: null }, materialNamesEn: { 技术服务合同: 'Service contract' } };
    const stored = [...BUILTIN_PROGRAM_VERSIONS.map(({ materialNamesEn: _, ...old }) => old), (({ materialNamesEn: _, ...old }) => old)(own), named];
    for (const v of stored) {
      await ds.query('INSERT INTO programs (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [v.program, v.name.zh, v.name.en]);
      await ds.query(
        'INSERT INTO program_versions (program_code, version, year_from, year_to, definition) VALUES ($1, $2, $3, $4, $5)',
        [v.program, v.version, v.years.from, v.years.to, JSON.stringify(v)],
      );
    }

    const runner = ds.createQueryRunner();
    await new MaterialNamesEn1796008700000().up(runner);
    await runner.release();

    const rows: { program_code: string; version: string; definition: ProgramVersion }[] = await ds.query(
      'SELECT program_code, version, definition FROM program_versions ORDER BY program_code, version',
    );
    for (const row of rows) expect(() => parseProgramVersion(row.definition)).not.toThrow();
    const names = Object.fromEntries(rows.map((r) => [`${r.program_code}@${r.version}`, r.definition.materialNamesEn]));
    expect(names).toEqual({
      ...Object.fromEntries(BUILTIN_PROGRAM_VERSIONS.map((v) => [`${v.program}@${v.version}`, v.materialNamesEn])),
      'innovation-voucher@2030': { 技术服务合同: 'Technical service contract' },
      'innovation-voucher@2031': { 技术服务合同: 'Service contract' },
    });
  });
});
