import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createDataSource } from './data-source';
import { runMigrations } from './migrate';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (default: the local development database). */
async function main(): Promise<void> {
  const config = loadConfig();
  const url = config.databaseUrl ?? 'postgres://postgres@127.0.0.1:5432/subsidy_flow';
  const dataSource = createDataSource(url);
  await dataSource.initialize();
  try {
    const done = await runMigrations(dataSource);
    process.stdout.write(done.length ? `applied: ${done.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
