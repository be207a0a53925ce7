import { MigrationInterface, QueryRunner } from "typeorm";

export class SlaRollupMonthly1795849361460 implements MigrationInterface {
    name = 'SlaRollupMonthly1795849361460'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "sla_rollup_monthly" ("clock" character varying(32) NOT NULL, "month" date NOT NULL, "program_code" character varying(40) NOT NULL, "region_code" character varying(6) NOT NULL, "reviewer_id" uuid NOT NULL, "used_days" integer NOT NULL, "completed" integer NOT NULL DEFAULT '0', "on_time" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_31a4934e760e59430294b1b8d47" PRIMARY KEY ("clock", "month", "program_code", "region_code", "reviewer_id", "used_days"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "sla_rollup_monthly"`);
    }

}
