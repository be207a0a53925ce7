import { DataSource } from 'typeorm';

/** Any fixed number: every process that migrates takes this lock, so exactly one migrates at a time. */
const MIGRATION_LOCK_KEY = 7_318_004_211;

/** Runs pending migrations under a PostgreSQL advisory lock; safe to call from many processes at once. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const done = await dataSource.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
