import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 (items 7–13): request fingerprints of idempotency keys; declared and verified facts. */
export class EnterpriseDesk1795853411207 implements MigrationInterface {
  name = 'EnterpriseDesk1795853411207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD "idempotency_fingerprint" character(64)`);
    await queryRunner.query(`ALTER TABLE "applications" ADD "unverified_facts" jsonb`);
    await queryRunner.query(`ALTER TABLE "enterprises" ADD "fact_proofs" jsonb`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "enterprises" DROP COLUMN "fact_proofs"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "unverified_facts"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "idempotency_fingerprint"`);
  }
}
