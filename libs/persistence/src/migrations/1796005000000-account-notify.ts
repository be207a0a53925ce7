import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: every change of an account row names the account on `accounts_changed` (delivered at commit), so each
 * process's cache of the accounts behind tokens (libs/auth AccountCache) forgets it — whoever wrote the row.
 */
export class AccountNotify1796005000000 implements MigrationInterface {
  name = 'AccountNotify1796005000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('accounts_changed', OLD.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER accounts_changed AFTER UPDATE OR DELETE ON accounts FOR EACH ROW EXECUTE FUNCTION accounts_changed()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER IF EXISTS accounts_changed ON accounts');
    await queryRunner.query('DROP FUNCTION IF EXISTS accounts_changed()');
  }
}
