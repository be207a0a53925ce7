import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case numbers from one sequence: unique by construction, where the first eight hex digits of a random id repeat
 * as cases grow (about one pair a year among 100,000). Cases opened before keep their number (null here: the id's
 * digits, as they were told); the default numbers every case opened from now on, COPYed batches included.
 */
export class CaseNumbers1796008400000 implements MigrationInterface {
  name = 'CaseNumbers1796008400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE IF NOT EXISTS case_numbers');
    // Added without a default first, so the rows there are stay null, then the default for new rows.
    await queryRunner.query('ALTER TABLE applications ADD COLUMN IF NOT EXISTS case_seq bigint');
    await queryRunner.query(`ALTER TABLE applications ALTER COLUMN case_seq SET DEFAULT nextval('case_numbers')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE applications DROP COLUMN IF EXISTS case_seq');
    await queryRunner.query('DROP SEQUENCE IF EXISTS case_numbers');
  }
}
