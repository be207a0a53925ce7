import { ProgramVersion } from '@app/domain';
import { createDataSource, runMigrations } from '@app/persistence';
import { DataSource, MigrationInterface } from 'typeorm';
import { createTestDatabase } from './test-database';

/** A version as a database may hold it from before a migration: any fields, not parsed. */
export type StoredVersion = Pick<ProgramVersion, 'program' | 'version' | 'years' | 'name'> & Record<string, unknown>;

/**
 * A migration's test bench: a migrated database of its own, where the test stores program versions as they were
 * before the migration and runs that migration again over them.
 */
export async function versionsBench(label: string) {
  const db = await createTestDatabase(label);
  const ds: DataSource = createDataSource(db.url, { extra: { max: 2 } });
  await ds.initialize();
  await runMigrations(ds);
  return {
    async store(versions: StoredVersion[]): Promise<void> {
      for (const v of versions) {
        await ds.query('INSERT INTO programs (code, name_zh, name_en) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [v.program, v.name.zh, v.name.en]);
        await ds.query(
          'INSERT INTO program_versions (program_code, version, year_from, year_to, definition) VALUES ($1, $2, $3, $4, $5)',
          [v.program, v.version, v.years.from, v.years.to, JSON.stringify(v)],
        );
      }
    },
    /** Runs one way of a migration on its own. */
    async run(migration: MigrationInterface, way: 'up' | 'down'): Promise<void> {
      const runner = ds.createQueryRunner();
      try {
        await migration[way](runner);
      } finally {
        await runner.release();
      }
    },
    /** Every stored definition by `program@version`. */
    async definitions(): Promise<Record<string, ProgramVersion>> {
      const rows: { program_code: string; version: string; definition: ProgramVersion }[] = await ds.query(
        'SELECT program_code, version, definition FROM program_versions ORDER BY program_code, version',
      );
      return Object.fromEntries(rows.map((r) => [`${r.program_code}@${r.version}`, r.definition]));
    },
    dataSource: ds,
    async stop(): Promise<void> {
      await ds.destroy();
      await db.drop();
    },
  };
}
