import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 item 5: the reference table of regions (GB/T 2260), seeded from the repo's data at start-up. */
export class Regions1795997000000 implements MigrationInterface {
  name = 'Regions1795997000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "regions" ("code" character varying(6) NOT NULL, "name_zh" text NOT NULL, "kind" character varying(32) NOT NULL, "note" text, CONSTRAINT "PK_regions_code" PRIMARY KEY ("code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "regions"`);
  }
}
