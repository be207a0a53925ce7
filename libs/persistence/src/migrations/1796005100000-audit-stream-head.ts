import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: appending to an audit stream took three round trips (lock the stream, read its last row, insert).
 * This function does the first two in one: it takes the stream's advisory lock and then reads the last row — in a
 * VOLATILE PL/pgSQL function each statement has a snapshot of its own, so the read sees whatever the writer that
 * held the lock before committed, exactly as a separate statement after the lock did.
 */
export class AuditStreamHead1796005100000 implements MigrationInterface {
  name = 'AuditStreamHead1796005100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_stream_head(p_stream text) RETURNS TABLE (seq integer, hash text)
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(p_stream));
        RETURN QUERY SELECT a.seq, a.hash::text FROM audit_log a WHERE a.stream = p_stream ORDER BY a.seq DESC LIMIT 1;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION IF EXISTS audit_stream_head(text)');
  }
}
