import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 13 item 4: alarms still to fire are rows, so an instant's alarms fire in set-based batches. */
export class SlaTimers1796001000000 implements MigrationInterface {
  name = 'SlaTimers1796001000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_timers" ("application_id" uuid NOT NULL, "clock" character varying(32) NOT NULL, "epoch" bigint NOT NULL, "level" character varying(16) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_event_id" bigint NOT NULL, CONSTRAINT "PK_sla_timers" PRIMARY KEY ("application_id", "clock", "epoch", "level"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sla_timers_due" ON "sla_timers" ("due_at") `);
    // Open cases armed before timers were rows: the sweep re-arms them (and so writes their timers).
    await queryRunner.query(`UPDATE "applications" SET "alarms_armed_version" = NULL WHERE "alarms_armed_version" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sla_timers"`);
  }
}
