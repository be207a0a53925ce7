import { MigrationInterface, QueryRunner } from 'typeorm';

export class EnterpriseActivations1795851043545 implements MigrationInterface {
  name = 'EnterpriseActivations1795851043545';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "enterprise_activations" ("enterprise_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_93fbef59e62f1da3839f35d849a" PRIMARY KEY ("enterprise_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "enterprise_activations"`);
  }
}
