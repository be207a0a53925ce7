import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 (items 7–13): request fingerprints of idempotency keys; declared and verified facts; 补正 items; the language of a person's messages. */
export class EnterpriseDesk1795853411207 implements MigrationInterface {
  name = 'EnterpriseDesk1795853411207';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "applications" ADD "idempotency_fingerprint" character(64)`);
    await queryRunner.query(`ALTER TABLE "applications" ADD "unverified_facts" jsonb`);
    await queryRunner.query(`ALTER TABLE "enterprises" ADD "fact_proofs" jsonb`);
    await queryRunner.query(`ALTER TABLE "applications" ADD "supplement_items" jsonb`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD "language" character varying(8) NOT NULL DEFAULT 'zh-CN'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "language"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "supplement_items"`);
    await queryRunner.query(`ALTER TABLE "enterprises" DROP COLUMN "fact_proofs"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "unverified_facts"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "idempotency_fingerprint"`);
  }
}
