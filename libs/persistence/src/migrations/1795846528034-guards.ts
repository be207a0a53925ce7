import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the schema diff cannot express: the audit log refuses UPDATE and DELETE for every role (an edit must
 * be impossible, not just detectable), and a new outbox row wakes the relay at once through NOTIFY.
 */
export class Guards1795846528034 implements MigrationInterface {
  name = 'Guards1795846528034';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('outbox', ''); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS outbox_notify ON outbox');
    await q.query('DROP FUNCTION IF EXISTS outbox_notify()');
    await q.query('DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log');
    await q.query('DROP FUNCTION IF EXISTS audit_log_append_only()');
  }
}
