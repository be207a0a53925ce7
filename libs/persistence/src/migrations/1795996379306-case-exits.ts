import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 item 1: an expert seat closes when its case leaves expert review before it scored. */
export class CaseExits1795996379306 implements MigrationInterface {
  name = 'CaseExits1795996379306';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "expert_seats" ADD "cancelled_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "expert_seats" DROP COLUMN "cancelled_at"`);
  }
}
