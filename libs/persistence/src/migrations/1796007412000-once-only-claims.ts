import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (5): what a program grants once only became program data (`onceOnlyClaims` of a version) instead of
 * code keyed on the program code. Every stored version gets the rules its program had in code, so each case is
 * judged exactly as before: one high-tech reward per certificate (the calculator refuses a repeat through
 * `certificateRewardedBefore`), one voucher per service contract (a 409 at submission), nothing for R&D subsidies.
 * The values are written out here, not read from the seed files, so this migration means the same for ever.
 */
const ONCE_ONLY_CLAIMS: Record<string, unknown[]> = {
  'high-tech-reward': [
    {
      fact: 'certificateNo',
      refusal: 'the high-tech enterprise certificate {value} has been rewarded already (one reward per certificate)',
      repeatFact: 'certificateRewardedBefore',
    },
  ],
  'innovation-voucher': [
    { fact: 'contractNo', refusal: 'the service contract {value} is subsidised by another voucher already', repeatFact: null },
  ],
  'rd-subsidy': [],
};

export class OnceOnlyClaims1796007412000 implements MigrationInterface {
  name = 'OnceOnlyClaims1796007412000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [program, claims] of Object.entries(ONCE_ONLY_CLAIMS)) {
      await queryRunner.query(
        `UPDATE program_versions SET definition = jsonb_set(definition, '{onceOnlyClaims}', $2::jsonb)
          WHERE program_code = $1 AND NOT definition ? 'onceOnlyClaims'`,
        [program, JSON.stringify(claims)],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE program_versions SET definition = definition - 'onceOnlyClaims'`);
  }
}
