import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 (items 7–13): request fingerprints of idempotency keys. */
export class EnterpriseDesk1795853411207 implements MigrationInterface {
  name = 'EnterpriseDesk1795853411207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD "idempotency_fingerprint" character(64)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "idempotency_fingerprint"`);
  }
}
