import { MigrationInterface, QueryRunner } from 'typeorm';

export class DemoBudgetWait1795996331883 implements MigrationInterface {
  name = 'DemoBudgetWait1795996331883';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "demo_clock" ("id" smallint NOT NULL, "offset_ms" bigint NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_demo_clock_single_row" CHECK (id = 1), CONSTRAINT "PK_6ea9c565fb84ddd69d3fcaca00c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`ALTER TABLE "applications" ADD "budget_wait_since" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "applications" ADD "budget_wait_reason" text`);
    await queryRunner.query(`ALTER TABLE "budget_pools" ADD "top_ups" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `CREATE INDEX "ix_applications_budget_wait" ON "applications"  ("program_code", "year", "budget_wait_since") WHERE budget_wait_since IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_applications_budget_wait"`);
    await queryRunner.query(`ALTER TABLE "budget_pools" DROP COLUMN "top_ups"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "budget_wait_reason"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "budget_wait_since"`);
    await queryRunner.query(`DROP TABLE "demo_clock"`);
  }
}
