import IORedis from 'ioredis';
import { Client } from 'pg';

/**
 * `node dist/libs/runtime/src/healthcheck.js`: the container health check of a worker process (which has no
 * HTTP server): exits 0 only when its PostgreSQL and Redis both answer within five seconds.
 */
async function main(): Promise<void> {
  const timer = setTimeout(() => process.exit(1), 5_000);
  const pg = new Client({ connectionString: process.env.DATABASE_URL });
  await pg.connect();
  await pg.query('SELECT 1');
  await pg.end();
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  await redis.ping();
  redis.disconnect();
  clearTimeout(timer);
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
