import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's row is written twice by most transitions: the move (status, version) and then its arming (the cached
 * due date, the next alarm, the version armed). Each write was a new row version with an entry in all nine of
 * the table's indexes, because two of them held what the arming writes: `next_alarm_at`, which no query reads
 * (the alarms are rows of their own since sla_timers), and `due_on` beside `status`, which no query filters or
 * sorts on (the sweeps ask by status alone). Without them, and with room left on each page (fillfactor 85, for
 * pages written from now on), the arming's write is a heap-only update where its page has room: no index entry.
 * Measured by the pipeline bench's write counters (bench/harness/table-writes.ts).
 */
export class CaseRowsHot1796008600000 implements MigrationInterface {
  name = 'CaseRowsHot1796008600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX IF EXISTS "IDX_2843e9e9664331547c1b7775b9"');
    await queryRunner.query('CREATE INDEX IF NOT EXISTS ix_applications_status ON applications (status)');
    await queryRunner.query('DROP INDEX IF EXISTS ix_applications_status_due');
    await queryRunner.query('ALTER TABLE applications SET (fillfactor = 85)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE applications RESET (fillfactor)');
    await queryRunner.query('CREATE INDEX IF NOT EXISTS ix_applications_status_due ON applications (status, due_on)');
    await queryRunner.query('DROP INDEX IF EXISTS ix_applications_status');
    await queryRunner.query('CREATE INDEX IF NOT EXISTS "IDX_2843e9e9664331547c1b7775b9" ON applications (next_alarm_at)');
  }
}
