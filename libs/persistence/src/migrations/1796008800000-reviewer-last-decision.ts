import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dashboard's list of reviewers shows when each last decided: without an index that is a scan of every
 * decided task per reviewer. Partial, so the open and claimed tasks (no decider yet) are not in it.
 */
export class ReviewerLastDecision1796008800000 implements MigrationInterface {
  name = 'ReviewerLastDecision1796008800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_review_tasks_decided_by" ON "review_tasks" ("decided_by", "decided_at") WHERE decided_by IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_review_tasks_decided_by"`);
  }
}
