import { MigrationInterface, QueryRunner } from 'typeorm';

export class OfferImports1795848696853 implements MigrationInterface {
  name = 'OfferImports1795848696853';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "offer_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "program_code" character varying(40) NOT NULL, "year" integer NOT NULL, "program_version_id" uuid NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "size_bytes" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "rows_total" integer NOT NULL, "rows_done" integer NOT NULL DEFAULT '0', "rows_created" integer NOT NULL DEFAULT '0', "rows_existing" integer NOT NULL DEFAULT '0', "rows_ineligible" integer NOT NULL DEFAULT '0', "rows_bad" integer NOT NULL DEFAULT '0', "failure" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d985277f28f71ad46c1d866d018" PRIMARY KEY ("id"))`,
    );
    // Stored uncompressed, so the import job reads the file in slices without detoasting all of it.
    await queryRunner.query(`ALTER TABLE "offer_imports" ALTER COLUMN "content" SET STORAGE EXTERNAL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_offer_imports_file" ON "offer_imports"  ("program_code", "year", "sha256") `,
    );
    await queryRunner.query(
      `CREATE TABLE "offer_import_errors" ("id" BIGSERIAL NOT NULL, "import_id" uuid NOT NULL, "line" integer NOT NULL, "field" character varying(64) NOT NULL, "message" text NOT NULL, CONSTRAINT "PK_42cc2513c7815f1abe5fa17286e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_offer_import_errors_line" ON "offer_import_errors"  ("import_id", "line") `,
    );
    await queryRunner.query(
      `CREATE TABLE "offers" ("application_id" uuid NOT NULL, "import_id" uuid NOT NULL, "line" integer NOT NULL, "lapses_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_9776f4b29f47b095c0c97aab366" PRIMARY KEY ("application_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_42c32d8039c7880ded017b6402" ON "offers"  ("import_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_eac6c3b0cf068fffb0a0d74e56" ON "offers"  ("lapses_at") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_eac6c3b0cf068fffb0a0d74e56"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_42c32d8039c7880ded017b6402"`);
    await queryRunner.query(`DROP TABLE "offers"`);
    await queryRunner.query(`DROP INDEX "public"."ix_offer_import_errors_line"`);
    await queryRunner.query(`DROP TABLE "offer_import_errors"`);
    await queryRunner.query(`DROP INDEX "public"."uq_offer_imports_file"`);
    await queryRunner.query(`DROP TABLE "offer_imports"`);
  }
}
