import { MigrationInterface, QueryRunner } from "typeorm";

export class BudgetPools1795848766609 implements MigrationInterface {
    name = 'BudgetPools1795848766609'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "budget_pools" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_code" character varying(40) NOT NULL, "year" integer NOT NULL, "total_fen" bigint NOT NULL, "reserved_fen" bigint NOT NULL DEFAULT '0', "allocation" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'open', "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_budget_pools_first_come_within_total" CHECK (allocation <> 'first-come' OR reserved_fen <= total_fen), CONSTRAINT "ck_budget_pools_amounts" CHECK (reserved_fen >= 0 AND total_fen >= 0), CONSTRAINT "PK_cba9ca676126e6907fcec263491" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_budget_pools_program_year" ON "budget_pools"  ("program_code", "year") `);
        await queryRunner.query(`CREATE TABLE "budget_reservations" ("application_id" uuid NOT NULL, "pool_id" uuid NOT NULL, "amount_fen" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4cddb6fd8fd1c8829aef194c56a" PRIMARY KEY ("application_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_c28816e72716ccce4c0d7b2f8f" ON "budget_reservations"  ("pool_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_c28816e72716ccce4c0d7b2f8f"`);
        await queryRunner.query(`DROP TABLE "budget_reservations"`);
        await queryRunner.query(`DROP INDEX "public"."uq_budget_pools_program_year"`);
        await queryRunner.query(`DROP TABLE "budget_pools"`);
    }

}
