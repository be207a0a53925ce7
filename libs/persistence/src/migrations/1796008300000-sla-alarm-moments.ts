import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a reader sees as fired: told rows, and untold rows whose moment rang and whose clock did not move first. */
const SLA_ALARMS_VIEW = `
  CREATE VIEW "sla_alarms" AS
  SELECT r.id, r.application_id, r.clock, r.epoch, r.level, r.due_at,
         COALESCE(r.fired_at, m.fired_at) AS fired_at,
         COALESCE(r.lateness_ms, GREATEST(0, (extract(epoch FROM m.fired_at - r.due_at) * 1000)::bigint)) AS lateness_ms
    FROM sla_alarm_rows r LEFT JOIN sla_moments m ON r.fired_at IS NULL AND m.id = r.moment_id AND m.fired_at IS NOT NULL
   WHERE r.fired_at IS NOT NULL
      OR (m.id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM clock_events e
                           WHERE e.application_id = r.application_id AND e.clock = r.clock
                             AND e.id > r.last_event_id AND e.at < r.due_at))`;

/** The alarms still to ring (what `sla_timers` held), for the tests and tools that read it. */
const SLA_TIMERS_VIEW = `
  CREATE VIEW "sla_timers" AS
  SELECT r.application_id, r.clock, r.epoch, r.level, r.due_at, r.last_event_id
    FROM sla_alarm_rows r JOIN sla_moments m ON m.id = r.moment_id AND m.fired_at IS NULL
   WHERE r.fired_at IS NULL`;

/**
 * Issue 13 item 4, alarms at scale: every alarm of a clock run is written when the clock is armed, as a row
 * that waits for its moment (`sla_moments`, one row per distinct moment); at the moment the engine marks the
 * moment rung — one row, however many alarms share it — and from that commit a reader of `sla_alarms` (now a
 * view) sees them all. Telling settles each row (copies its fired moment in, clears the moment) after.
 * The timers and untold batches become views or go; the record of set wake-ups is the unrung moments.
 */
export class SlaAlarmMoments1796008300000 implements MigrationInterface {
  name = 'SlaAlarmMoments1796008300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "sla_moments" ("id" BIGSERIAL NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "fired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_sla_moments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_sla_moments_unrung" ON "sla_moments" ("due_at") WHERE fired_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "ix_sla_moments_rung" ON "sla_moments" ("id") WHERE fired_at IS NOT NULL`);

    await queryRunner.query(`ALTER TABLE "sla_alarms" RENAME TO "sla_alarm_rows"`);
    await queryRunner.query(`ALTER SEQUENCE "sla_alarms_id_seq" RENAME TO "sla_alarm_rows_id_seq"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" RENAME CONSTRAINT "PK_8279abf333bf043feffc38c197d" TO "PK_sla_alarm_rows"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ALTER COLUMN "fired_at" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ALTER COLUMN "lateness_ms" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ADD "last_event_id" bigint`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ADD "moment_id" bigint`);
    await queryRunner.query(`CREATE INDEX "ix_sla_alarm_rows_moment" ON "sla_alarm_rows" ("moment_id") WHERE moment_id IS NOT NULL`);

    // The timers still to ring become waiting rows of their moments; recorded alarms not yet told wait on a moment
    // rung now (their fired_at stays theirs).
    await queryRunner.query(`INSERT INTO sla_moments (due_at) SELECT DISTINCT due_at FROM sla_timers`);
    await queryRunner.query(
      `INSERT INTO sla_alarm_rows (application_id, clock, epoch, level, due_at, last_event_id, moment_id)
       SELECT t.application_id, t.clock, t.epoch, t.level, t.due_at, t.last_event_id, m.id
         FROM sla_timers t JOIN sla_moments m ON m.due_at = t.due_at AND m.fired_at IS NULL
       ON CONFLICT DO NOTHING`,
    );
    await queryRunner.query(
      `WITH rung AS (
         INSERT INTO sla_moments (due_at, fired_at) SELECT now(), now() WHERE EXISTS (SELECT 1 FROM sla_untold_alarms) RETURNING id)
       UPDATE sla_alarm_rows r SET moment_id = (SELECT id FROM rung)
        WHERE r.id IN (SELECT unnest(alarm_ids) FROM sla_untold_alarms)`,
    );
    await queryRunner.query(`DROP TABLE "sla_timers"`);
    await queryRunner.query(`DROP TABLE "sla_untold_alarms"`);
    await queryRunner.query(`DROP TABLE "sla_wakeups"`);
    await queryRunner.query(SLA_ALARMS_VIEW);
    await queryRunner.query(SLA_TIMERS_VIEW);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "sla_timers"`);
    await queryRunner.query(`DROP VIEW "sla_alarms"`);
    await queryRunner.query(`CREATE TABLE "sla_wakeups" ("due_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_sla_wakeups" PRIMARY KEY ("due_at"))`);
    await queryRunner.query(
      `CREATE TABLE "sla_untold_alarms" ("id" BIGSERIAL NOT NULL, "alarm_ids" bigint array NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_sla_untold_alarms" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "sla_timers" ("application_id" uuid NOT NULL, "clock" character varying(32) NOT NULL, "epoch" bigint NOT NULL, "level" character varying(16) NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_event_id" bigint NOT NULL, CONSTRAINT "PK_sla_timers" PRIMARY KEY ("application_id", "clock", "epoch", "level"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_sla_timers_due" ON "sla_timers" ("due_at") `);
    // Rows still waiting go back to being timers; rung, untold rows become recorded alarms to tell.
    await queryRunner.query(
      `INSERT INTO sla_timers (application_id, clock, epoch, level, due_at, last_event_id)
       SELECT r.application_id, r.clock, r.epoch, r.level, r.due_at, COALESCE(r.last_event_id, r.epoch)
         FROM sla_alarm_rows r JOIN sla_moments m ON m.id = r.moment_id AND m.fired_at IS NULL WHERE r.fired_at IS NULL`,
    );
    await queryRunner.query(
      `UPDATE sla_alarm_rows r SET fired_at = m.fired_at,
              lateness_ms = GREATEST(0, (extract(epoch FROM m.fired_at - r.due_at) * 1000)::bigint)
         FROM sla_moments m WHERE m.id = r.moment_id AND m.fired_at IS NOT NULL AND r.fired_at IS NULL`,
    );
    await queryRunner.query(
      `INSERT INTO sla_untold_alarms (alarm_ids) SELECT array_agg(id) FROM sla_alarm_rows WHERE moment_id IS NOT NULL AND fired_at IS NOT NULL HAVING count(*) > 0`,
    );
    await queryRunner.query(`DELETE FROM sla_alarm_rows WHERE fired_at IS NULL`);
    await queryRunner.query(`DROP INDEX "ix_sla_alarm_rows_moment"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" DROP COLUMN "moment_id"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" DROP COLUMN "last_event_id"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ALTER COLUMN "lateness_ms" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" ALTER COLUMN "fired_at" SET NOT NULL`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" RENAME CONSTRAINT "PK_sla_alarm_rows" TO "PK_8279abf333bf043feffc38c197d"`);
    await queryRunner.query(`ALTER SEQUENCE "sla_alarm_rows_id_seq" RENAME TO "sla_alarms_id_seq"`);
    await queryRunner.query(`ALTER TABLE "sla_alarm_rows" RENAME TO "sla_alarms"`);
    await queryRunner.query(`DROP TABLE "sla_moments"`);
  }
}
