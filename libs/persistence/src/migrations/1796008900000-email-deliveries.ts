import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail for people who gave an address. Eight code paths write in-app messages (a transition's statement, alarms,
 * objections, ratings, budget alerts, expert panels, unstaffed tasks…): rather than teach each one, a statement
 * trigger on `notifications` turns the rows a statement wrote into e-mail deliveries, each with the outbox row of its
 * job and its owed record (libs/persistence owed-jobs.ts), as the relay and the lost-job sweep expect them — in the
 * transaction of the message, so a message rolled back mails nothing and a message committed is never left unmailed.
 * The queue and job names are written out ('notifier', 'deliver-email': JOB_QUEUE and JobName in libs/contracts),
 * so this migration means the same for ever; an integration test holds them to the catalogue.
 *
 * A bureau without e-mail pays one probe of an empty partial index per statement: the function's first question is
 * whether any account has an address at all.
 */
export class EmailDeliveries1796008900000 implements MigrationInterface {
  name = 'EmailDeliveries1796008900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "email_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "notification_id" uuid NOT NULL, "account_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "last_attempt_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "claimed_until" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_email_deliveries" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "ix_email_deliveries_status" ON "email_deliveries"  ("status", "next_attempt_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_email_deliveries_notification" ON "email_deliveries"  ("notification_id") `);
    await queryRunner.query(`ALTER TABLE "accounts" ADD "email" character varying(254)`);
    await queryRunner.query(`CREATE INDEX "ix_accounts_email" ON "accounts"  ("email") WHERE email IS NOT NULL`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION notifications_email() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM accounts WHERE email IS NOT NULL) THEN RETURN NULL; END IF;
        WITH mailed AS (
          INSERT INTO email_deliveries (notification_id, account_id, next_attempt_at)
          SELECT n.id, n.account_id, now() FROM written n JOIN accounts a ON a.id = n.account_id
           WHERE a.email IS NOT NULL
          ON CONFLICT (notification_id) DO NOTHING
          RETURNING id),
        ob AS (
          INSERT INTO outbox (queue, job_name, payload)
          SELECT 'notifier', 'deliver-email', jsonb_build_object('deliveryId', id) FROM mailed
          RETURNING id, payload)
        INSERT INTO owed_jobs (job_name, subject_id, outbox_id)
        SELECT 'deliver-email', (payload->>'deliveryId')::uuid, id FROM ob
        ON CONFLICT (job_name, subject_id) DO UPDATE SET outbox_id = GREATEST(owed_jobs.outbox_id, EXCLUDED.outbox_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER notifications_email AFTER INSERT ON notifications REFERENCING NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION notifications_email()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS notifications_email ON notifications');
    await queryRunner.query('DROP FUNCTION IF EXISTS notifications_email()');
    // Jobs of deliveries about to be dropped would only fail as poison (their row gone): take them back too.
    await queryRunner.query(`DELETE FROM owed_jobs WHERE job_name = 'deliver-email'`);
    await queryRunner.query(`DELETE FROM outbox WHERE job_name = 'deliver-email' AND published_at IS NULL`);
    await queryRunner.query(`DROP INDEX "public"."ix_accounts_email"`);
    await queryRunner.query(`ALTER TABLE "accounts" DROP COLUMN "email"`);
    await queryRunner.query(`DROP INDEX "public"."uq_email_deliveries_notification"`);
    await queryRunner.query(`DROP INDEX "public"."ix_email_deliveries_status"`);
    await queryRunner.query(`DROP TABLE "email_deliveries"`);
  }
}
