import { MigrationInterface, QueryRunner } from 'typeorm';

export class OwedJobs1795996800000 implements MigrationInterface {
  name = 'OwedJobs1795996800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "owed_jobs" ("job_name" character varying(64) NOT NULL, "subject_id" uuid NOT NULL, "outbox_id" bigint NOT NULL, "owed_since" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_owed_jobs" PRIMARY KEY ("job_name", "subject_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "owed_jobs"`);
  }
}
