import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (pipeline speed): a roll-up row is shared by every case a reviewer decides that day (and by every
 * 办结 of a program, district and day), and each transition's upsert held its row lock to the commit, so their
 * transitions queued on it one by one (82 ms mean wait per upsert in the pipeline bench). A `stripe` in the key
 * lets concurrent writers add to different rows of the same figures; every reader sums them.
 */
export class SlaRollupStripes1796008250000 implements MigrationInterface {
  name = 'SlaRollupStripes1796008250000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "sla_rollup" ADD "stripe" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sla_rollup" DROP CONSTRAINT "PK_c0f7d2cff5fd4e2d5a2205eb50d"`);
    // The key's order stays the one the reads use (a range of days first).
    await queryRunner.query(
      `ALTER TABLE "sla_rollup" ADD CONSTRAINT "PK_03412ebde5ec794868e974d2266" PRIMARY KEY ("day", "program_code", "region_code", "clock", "reviewer_id", "used_days", "stripe")`,
    );
    await queryRunner.query(`ALTER TABLE "sla_rollup_monthly" ADD "stripe" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "sla_rollup_monthly" DROP CONSTRAINT "PK_31a4934e760e59430294b1b8d47"`);
    await queryRunner.query(
      `ALTER TABLE "sla_rollup_monthly" ADD CONSTRAINT "PK_afdad50b30ce137587ee39de629" PRIMARY KEY ("clock", "month", "program_code", "region_code", "reviewer_id", "used_days", "stripe")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Folds the stripes back into one row per key before the key loses its stripe.
    for (const [table, pk, key, oldPk] of [
      ['sla_rollup', 'PK_03412ebde5ec794868e974d2266', '"day", "program_code", "region_code", "clock", "reviewer_id", "used_days"', 'PK_c0f7d2cff5fd4e2d5a2205eb50d'],
      ['sla_rollup_monthly', 'PK_afdad50b30ce137587ee39de629', '"clock", "month", "program_code", "region_code", "reviewer_id", "used_days"', 'PK_31a4934e760e59430294b1b8d47'],
    ]) {
      await queryRunner.query(`CREATE TEMP TABLE folded ON COMMIT DROP AS SELECT ${key}, sum(completed)::int AS completed, sum(on_time)::int AS on_time FROM "${table}" GROUP BY ${key}`);
      await queryRunner.query(`DELETE FROM "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${pk}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "stripe"`);
      await queryRunner.query(`INSERT INTO "${table}" (${key}, completed, on_time) SELECT ${key}, completed, on_time FROM folded`);
      await queryRunner.query(`DROP TABLE folded`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${oldPk}" PRIMARY KEY (${key})`);
    }
  }
}
