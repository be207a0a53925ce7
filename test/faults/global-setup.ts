import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, startRedis } from './servers';

/**
 * Starts the suite's own PostgreSQL and Redis and points the test systems at them (TEST_DATABASE_URL,
 * TEST_REDIS_URL); the scenarios find them again through FAULT_PG_* / FAULT_REDIS_* to restart or kill them,
 * and append their rows of the fault table to FAULT_TABLE_FILE (printed whole by global-teardown.ts).
 */
export default async function globalSetup(): Promise<void> {
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  process.env.TEST_DATABASE_URL = pg.url;
  process.env.TEST_REDIS_URL = redis.url;
  process.env.FAULT_PG_DIR = pg.dir;
  process.env.FAULT_PG_PORT = String(pg.port);
  process.env.FAULT_REDIS_DIR = redis.dir;
  process.env.FAULT_REDIS_PORT = String(redis.port);
  process.env.FAULT_TABLE_FILE = join(mkdtempSync(join(tmpdir(), 'sf-faults-table-')), 'rows.jsonl');
  process.env.FAULT_STARTED_AT = String(Date.now());
  // Should jest itself crash (its teardown then never runs), the servers must not outlive it.
  process.once('exit', () => {
    for (const server of [redis, pg]) {
      try {
        server.stop();
      } catch {
        // already stopped by global-teardown.ts
      }
    }
  });
  process.stdout.write(`\nfault suite: own PostgreSQL on ${pg.port} (${pg.dir}), own Redis on ${redis.port}\n`);
}
