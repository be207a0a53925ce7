import { MigrationInterface, QueryRunner } from 'typeorm';

export class Materials1795852191770 implements MigrationInterface {
  name = 'Materials1795852191770';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "materials" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "application_id" uuid NOT NULL, "kind" character varying(200) NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(64) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "content" bytea NOT NULL, "uploaded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2fd1a93ecb222a28bef28663fa0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_materials_case" ON "materials"  ("application_id", "created_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_materials_case"`);
    await queryRunner.query(`DROP TABLE "materials"`);
  }
}
