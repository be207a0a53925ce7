import { MigrationInterface, QueryRunner } from 'typeorm';

/** review_tasks.yellow_on: with due_on, the SLA colour of a task becomes a plain SQL filter. */
export class TaskColour1795848833343 implements MigrationInterface {
  name = 'TaskColour1795848833343';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "review_tasks" ADD "yellow_on" date');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "review_tasks" DROP COLUMN "yellow_on"');
  }
}
