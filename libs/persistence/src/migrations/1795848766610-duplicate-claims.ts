import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicates refused by the database (what the entity decorators cannot express: indexes on a JSON fact).
 * One high-tech reward per certificate number, and one voucher per service contract, among the cases that still
 * claim money (not refused, withdrawn, declined or lapsed). Cases without the fact are not constrained.
 */
export class DuplicateClaims1795848766610 implements MigrationInterface {
  name = 'DuplicateClaims1795848766610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX "uq_applications_certificate" ON "applications" ((facts->>'certificateNo'))
      WHERE program_code = 'high-tech-reward' AND status NOT IN ('refused', 'withdrawn', 'declined', 'lapsed')`);
    await q.query(`CREATE UNIQUE INDEX "uq_applications_voucher_contract" ON "applications" ((facts->>'contractNo'))
      WHERE program_code = 'innovation-voucher' AND status NOT IN ('refused', 'withdrawn', 'declined', 'lapsed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS "uq_applications_voucher_contract"');
    await q.query('DROP INDEX IF EXISTS "uq_applications_certificate"');
  }
}
