import { MigrationInterface, QueryRunner } from 'typeorm';

export class OfferImportBatches1795849423459 implements MigrationInterface {
  name = 'OfferImportBatches1795849423459';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "offer_import_batches" ("import_id" uuid NOT NULL, "batch_no" integer NOT NULL, "rows" integer NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_70ff2588b42445cca37897476f2" PRIMARY KEY ("import_id", "batch_no"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "offer_import_batches"`);
  }
}
