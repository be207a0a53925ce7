import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox's NOTIFY only for an INSERT that wrote rows. A transition writes its messages and its outbox rows in
 * one statement, the notifier's job kept only when a webhook endpoint is registered: most write no outbox row,
 * and a statement trigger fires all the same — every such transition woke the relay for a read that found nothing
 * (0.28 reads per transition in the pipeline bench).
 */
export class OutboxNotifyRows1796008500000 implements MigrationInterface {
  name = 'OutboxNotifyRows1796008500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF EXISTS (SELECT 1 FROM written) THEN PERFORM pg_notify('outbox', ''); END IF; RETURN NULL; END $$`);
    await queryRunner.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox');
    await queryRunner.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox REFERENCING NEW TABLE AS written
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox');
    await queryRunner.query(`CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$`);
    await queryRunner.query('CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()');
  }
}
