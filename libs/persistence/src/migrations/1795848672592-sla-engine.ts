import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaEngine1795848672592 implements MigrationInterface {
    name = 'SlaEngine1795848672592'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "calendar_overrides" ("date" date NOT NULL, "kind" character varying(8) NOT NULL, "reason" text NOT NULL, "changed_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5da0adcfdcb3ce929cd0845d9a4" PRIMARY KEY ("date"))`);
        await queryRunner.query(`CREATE TABLE "sla_rollup" ("day" date NOT NULL, "program_code" character varying(40) NOT NULL, "region_code" character varying(6) NOT NULL, "clock" character varying(32) NOT NULL, "reviewer_id" uuid NOT NULL, "used_days" integer NOT NULL, "completed" integer NOT NULL DEFAULT '0', "on_time" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_c0f7d2cff5fd4e2d5a2205eb50d" PRIMARY KEY ("day", "program_code", "region_code", "clock", "reviewer_id", "used_days"))`);
        await queryRunner.query(`CREATE TABLE "sla_running_clocks" ("application_id" uuid NOT NULL, "clock" character varying(32) NOT NULL, "program_code" character varying(40) NOT NULL, "region_code" character varying(6) NOT NULL, "limit_days" integer NOT NULL, "counting_from" date NOT NULL, "yellow_on" date NOT NULL, "due_on" date NOT NULL, CONSTRAINT "PK_2f2e12b3ad5a15d9f7d7f9a4258" PRIMARY KEY ("application_id", "clock"))`);
        await queryRunner.query(`CREATE INDEX "ix_sla_running_clocks_yellow" ON "sla_running_clocks"  ("clock", "yellow_on") `);
        await queryRunner.query(`CREATE INDEX "ix_sla_running_clocks_due" ON "sla_running_clocks"  ("clock", "due_on") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_sla_running_clocks_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_sla_running_clocks_yellow"`);
        await queryRunner.query(`DROP TABLE "sla_running_clocks"`);
        await queryRunner.query(`DROP TABLE "sla_rollup"`);
        await queryRunner.query(`DROP TABLE "calendar_overrides"`);
    }

}
