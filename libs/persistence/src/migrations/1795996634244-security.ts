import { MigrationInterface, QueryRunner } from 'typeorm';

export class Security1795996634244 implements MigrationInterface {
  name = 'Security1795996634244';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_recovery_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6ff84ffb2c0375488e81804d57c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_recovery_code" ON "account_recovery_codes"  ("account_id", "code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_throttle" ("key" character varying(200) NOT NULL, "failures" integer NOT NULL, "next_at" TIMESTAMP WITH TIME ZONE, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "accounts" ADD "must_change_password" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "accounts" ADD "totp_secret" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "accounts" ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "totp_enabled_at"`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "totp_secret"`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "must_change_password"`);
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP INDEX "public"."uq_recovery_code"`);
    await queryRunner.query(`DROP TABLE "account_recovery_codes"`);
  }
}
