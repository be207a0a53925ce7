import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 item 2: a change of a case that keeps its status (按比例核减 when a round closes) says what changed in
 * its transition row, so the notifier can tell the enterprise the old and the new amount from that row alone.
 */
export class TransitionDetail1796005312000 implements MigrationInterface {
  name = 'TransitionDetail1796005312000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transitions ADD COLUMN IF NOT EXISTS detail jsonb');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE transitions DROP COLUMN IF EXISTS detail');
  }
}
