import { BUILTIN_PROGRAM_VERSIONS, parseProgramVersion, ProgramVersion } from '@app/domain';
import { createDataSource, runMigrations } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';
import { OnceOnlyClaims1796007412000 } from '../../libs/persistence/src/migrations/1796007412000-once-only-claims';

/**
 * Versions stored before `onceOnlyClaims` existed (the seed's and an administrator's) get the rules their program
 * had in code, so every case is judged as before — and they then pass the parser, which refuses a version without.
 */
describe('migration OnceOnlyClaims (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('once_only');
    ds = createDataSource(db.url, { extra: { max: 2 } });
    await ds.initialize();
    await runMigrations(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('writes each program\'s once-only claims on the versions stored without them, and only on those', async () => {
    const stored = [
      ...BUILTIN_PROGRAM_VERSIONS,
      { ...BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'high-tech-reward')!, version: '2030', years: { from: 2030, to: null } },
    ].map(({ onceOnlyClaims: _, ...old }) => old);
    for (const v of stored) {
      await ds.query('INSERT INTO programs (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [v.program, v.name.zh, v.name.en]);
      await ds.query(
        'INSERT INTO program_versions (program_code, version, year_from, year_to, definition) VALUES ($1, $2, $3, $4, $5)',
        [v.program, v.version, v.years.from, v.years.to, JSON.stringify(v)],
      );
    }
    const edited = { fact: 'contractNo', refusal: 'already {value}', repeatFact: null };
    await ds.query(
      `UPDATE program_versions SET definition = jsonb_set(definition, '{onceOnlyClaims}', $1::jsonb)
        WHERE program_code = 'innovation-voucher' AND version = '2024'`,
      [JSON.stringify([edited])],
    );

    const runner = ds.createQueryRunner();
    await new OnceOnlyClaims1796007412000().up(runner);
    await runner.release();

    const rows: { program_code: string; version: string; definition: ProgramVersion }[] = await ds.query(
      'SELECT program_code, version, definition FROM program_versions ORDER BY program_code, version',
    );
    for (const row of rows) expect(() => parseProgramVersion(row.definition)).not.toThrow();
    const claims = Object.fromEntries(rows.map((r) => [`${r.program_code}@${r.version}`, r.definition.onceOnlyClaims]));
    const builtin = (program: string) => BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === program)!.onceOnlyClaims;
    expect(claims).toEqual({
      'high-tech-reward@2019': builtin('high-tech-reward'),
      'high-tech-reward@2030': builtin('high-tech-reward'),
      'innovation-voucher@2019': builtin('innovation-voucher'),
      'innovation-voucher@2024': [edited],
      'rd-subsidy@2019': [],
      'rd-subsidy@2025': [],
    });
  });
});
