import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row: this database's deployment id, copied to the queue store so a mismatch is seen at boot. */
export class Deployment1795853000000 implements MigrationInterface {
  name = 'Deployment1795853000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deployment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_deployment" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "deployment" DEFAULT VALUES`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deployment"`);
  }
}
