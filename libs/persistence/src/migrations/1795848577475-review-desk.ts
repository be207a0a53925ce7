import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReviewDesk1795848577475 implements MigrationInterface {
  name = 'ReviewDesk1795848577475';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "expert_seats" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "entered_transition_id" uuid NOT NULL, "expert_id" uuid NOT NULL, "scores" jsonb, "total" integer, "comment" text, "submitted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b7daa81f193a98e088056cb1cc0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_6948ba6ca7518e1671013a46c3" ON "expert_seats"  ("application_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_dcea9a7a141ee9526136111fa5" ON "expert_seats"  ("expert_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_expert_seats" ON "expert_seats"  ("entered_transition_id", "expert_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "filed_by" text NOT NULL, "contact" text NOT NULL, "reason" text NOT NULL, "status" character varying(16) NOT NULL, "resolution" text, "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6bb81f77d9eabef4f46e9c0934f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_objections_open" ON "objections"  ("application_id") WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE TABLE "disbursement_batches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(16) NOT NULL, "created_by" uuid NOT NULL, "approved_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "total_fen" bigint NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b621d37b30354bfab7b35ac1448" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "disbursements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "batch_id" uuid NOT NULL, "application_id" uuid NOT NULL, "tranche" integer NOT NULL DEFAULT '1', "amount_fen" bigint NOT NULL, "instruction_id" character varying(40) NOT NULL, "status" character varying(16) NOT NULL, "result_note" text, "paid_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_9e126e4ff805e2134394cde74fb" UNIQUE ("instruction_id"), CONSTRAINT "PK_2f9ea0e5b8382113aaa3e51cdfa" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_08c18a2a9fbabc44d54c3f6a81" ON "disbursements"  ("batch_id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_disbursements_case_tranche" ON "disbursements"  ("application_id", "tranche") `,
    );
    await queryRunner.query(`ALTER TABLE "applications" ADD "supplement_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "review_tasks" ADD "kind" character varying(16) NOT NULL DEFAULT 'review'`,
    );
    await queryRunner.query(`ALTER TABLE "review_tasks" DROP CONSTRAINT "UQ_a04c0697f4a4ae4d0465fe5463e"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_review_tasks_entry" ON "review_tasks"  ("entered_transition_id", "kind") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."uq_review_tasks_entry"`);
    await queryRunner.query(
      `ALTER TABLE "review_tasks" ADD CONSTRAINT "UQ_a04c0697f4a4ae4d0465fe5463e" UNIQUE ("entered_transition_id")`,
    );
    await queryRunner.query(`ALTER TABLE "review_tasks" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "applications" DROP COLUMN "supplement_due_at"`);
    await queryRunner.query(`DROP INDEX "public"."uq_disbursements_case_tranche"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_08c18a2a9fbabc44d54c3f6a81"`);
    await queryRunner.query(`DROP TABLE "disbursements"`);
    await queryRunner.query(`DROP TABLE "disbursement_batches"`);
    await queryRunner.query(`DROP INDEX "public"."ix_objections_open"`);
    await queryRunner.query(`DROP TABLE "objections"`);
    await queryRunner.query(`DROP INDEX "public"."uq_expert_seats"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dcea9a7a141ee9526136111fa5"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6948ba6ca7518e1671013a46c3"`);
    await queryRunner.query(`DROP TABLE "expert_seats"`);
  }
}
