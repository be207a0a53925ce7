import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 12 item 7: no consumer claims an inbox row (effects have natural unique keys), so the table goes. */
export class DropInbox1795999700000 implements MigrationInterface {
  name = 'DropInbox1795999700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "inbox"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "inbox" ("consumer" character varying(64) NOT NULL, "message_id" character varying(128) NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8902b2c18e35f1ba5a650a69c2f" PRIMARY KEY ("consumer", "message_id"))`,
    );
  }
}
