import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (免申即享 import speed): the offers of an import batch are notified by one job and lapse by one job (they
 * share the lapse instant), instead of two jobs, an owed row and their outbox rows per offer. The batch gets an id
 * (the jobs' subject), and each offer names its batch; the index on the import alone becomes one on (import, batch),
 * so the lookup costs no extra index entry per offer. Offers of older imports keep a NULL batch: their per-offer
 * jobs were written with them.
 */
export class OfferBatchJobs1796008200000 implements MigrationInterface {
  name = 'OfferBatchJobs1796008200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "offer_import_batches" ADD "id" uuid NOT NULL DEFAULT gen_random_uuid()');
    await queryRunner.query('CREATE UNIQUE INDEX "uq_offer_import_batches_id" ON "offer_import_batches" ("id")');
    await queryRunner.query('ALTER TABLE "offers" ADD "batch_no" integer');
    await queryRunner.query('DROP INDEX "public"."IDX_42c32d8039c7880ded017b6402"');
    await queryRunner.query('CREATE INDEX "ix_offers_batch" ON "offers" ("import_id", "batch_no")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_offers_batch"');
    await queryRunner.query('CREATE INDEX "IDX_42c32d8039c7880ded017b6402" ON "offers" ("import_id")');
    await queryRunner.query('ALTER TABLE "offers" DROP COLUMN "batch_no"');
    await queryRunner.query('DROP INDEX "public"."uq_offer_import_batches_id"');
    await queryRunner.query('ALTER TABLE "offer_import_batches" DROP COLUMN "id"');
  }
}
