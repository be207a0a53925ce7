import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 12 item 2: an SLA repair's progress is a row, so it survives a crash or a lost Redis. */
export class DeadlineRepairs1796001100000 implements MigrationInterface {
  name = 'DeadlineRepairs1796001100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deadline_repairs" ("change_id" character varying(80) NOT NULL, "after" uuid NOT NULL, "repaired" integer NOT NULL DEFAULT 0, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_deadline_repairs" PRIMARY KEY ("change_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deadline_repairs"`);
  }
}
