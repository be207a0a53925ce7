import { BUILTIN_PROGRAM_VERSIONS, parseProgramVersion } from '@app/domain';
import { versionsBench } from '@app/testing';
import { OnceOnlyClaims1796007412000 } from '../../libs/persistence/src/migrations/1796007412000-once-only-claims';

/**
 * Versions stored before `onceOnlyClaims` existed (the seed's and an administrator's) get the rules their program
 * had in code, so every case is judged as before — and they then pass the parser, which refuses a version without.
 */
describe('migration OnceOnlyClaims (real PostgreSQL)', () => {
  let bench: Awaited<ReturnType<typeof versionsBench>>;

  beforeAll(async () => {
    bench = await versionsBench('once_only');
  });
  afterAll(async () => bench?.stop());

  it('writes each program\'s once-only claims on the versions stored without them, and only on those', async () => {
    await bench.store([
      ...BUILTIN_PROGRAM_VERSIONS,
      { ...BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'high-tech-reward')!, version: '2030', years: { from: 2030, to: null } },
    ].map(({ onceOnlyClaims: _, ...old }) => old));
    const edited = { fact: 'contractNo', refusal: 'already {value}', repeatFact: null };
    await bench.dataSource.query(
      `UPDATE program_versions SET definition = jsonb_set(definition, '{onceOnlyClaims}', $1::jsonb)
        WHERE program_code = 'innovation-voucher' AND version = '2024'`,
      [JSON.stringify([edited])],
    );

    await bench.run(new OnceOnlyClaims1796007412000(), 'up');

    const stored = await bench.definitions();
    for (const definition of Object.values(stored)) expect(() => parseProgramVersion(definition)).not.toThrow();
    const claims = Object.fromEntries(Object.entries(stored).map(([key, v]) => [key, v.onceOnlyClaims]));
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
