import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 item 4: an instant's alarms are recorded first and told after; each recorded batch waits here (its
 * alarm ids) until the transaction that writes its messages takes it.
 */
export class SlaUntoldAlarms1796008100100 implements MigrationInterface {
  name = 'SlaUntoldAlarms1796008100100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_untold_alarms" ("id" BIGSERIAL NOT NULL, "alarm_ids" bigint array NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sla_untold_alarms" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sla_untold_alarms"`);
  }
}
