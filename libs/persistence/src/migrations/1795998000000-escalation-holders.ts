import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 8 item 14: who holds each post of a program's escalation chain. */
export class EscalationHolders1795998000000 implements MigrationInterface {
  name = 'EscalationHolders1795998000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "escalation_holders" ("program_code" character varying(40) NOT NULL, "level" integer NOT NULL, "account_id" uuid NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_escalation_holders" PRIMARY KEY ("program_code", "level", "account_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "escalation_holders"`);
  }
}
