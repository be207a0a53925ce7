import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: the moments for which a wake-up job was set on the alarms queue, so that arming sets a moment's
 * wake-up once however many cases share it (no Redis command when it is set already).
 */
export class SlaWakeups1796008100000 implements MigrationInterface {
  name = 'SlaWakeups1796008100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_wakeups" ("due_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sla_wakeups" PRIMARY KEY ("due_at"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sla_wakeups"`);
  }
}
