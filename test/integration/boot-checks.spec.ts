import { QueueName } from '@app/contracts';
import { createDataSource, runMigrations } from '@app/persistence';
import { QueueService } from '@app/queue';
import { StartupError } from '@app/runtime';
import { createTestDatabase, TEST_REDIS_URL, TEST_SERVER_URL } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { checkDeployment } from '../../libs/runtime/src/deployment';
import { ensureDatabase } from '../../libs/runtime/src/ensure-database';

describe('boot checks against the real PostgreSQL and Redis', () => {
  const missing = `sf_test_missing_${randomBytes(4).toString('hex')}`;
  const urlOf = (name: string) => {
    const url = new URL(TEST_SERVER_URL);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const exists = async (name: string) => {
    const client = new Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
    try {
      return ((await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0;
    } finally {
      await client.end();
    }
  };

  afterAll(async () => {
    const client = new Client({ connectionString: TEST_SERVER_URL });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${missing}" WITH (FORCE)`);
    await client.end();
  });

  it('refuses to create a missing database in production, creates it (and says so) otherwise', async () => {
    const lines: string[] = [];
    await expect(ensureDatabase(urlOf(missing), true, (l) => lines.push(l))).rejects.toThrow(StartupError);
    await expect(ensureDatabase(urlOf(missing), true, (l) => lines.push(l))).rejects.toThrow(`"${missing}" does not exist`);
    expect(await exists(missing)).toBe(false);
    await ensureDatabase(urlOf(missing), false, (l) => lines.push(l));
    expect(await exists(missing)).toBe(true);
    expect(lines).toEqual([expect.stringContaining(`the database "${missing}" did not exist, so it was created`)]);
  });

  describe('the deployment id', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let ds: DataSource;
    let queues: QueueService;

    beforeAll(async () => {
      db = await createTestDatabase('deployment');
      ds = createDataSource(db.url, { extra: { max: 2 } });
      await ds.initialize();
      await runMigrations(ds);
      queues = new QueueService({
        redisUrl: TEST_REDIS_URL, databaseUrl: db.url, prefix: `t_${randomBytes(5).toString('hex')}`, consume: [], relay: false,
        concurrency: 1, jobsWhileServing: 1, intakeSurgeInFlight: 8, intakeSurgeHoldMs: 15_000, spillOver: true, lockMs: 30_000, production: false, outboxPollMs: 1000,
      });
    });
    afterAll(async () => {
      await Promise.all(queues.all().map((q) => q.obliterate({ force: true })));
      await queues.redis?.del(`${queues.options.prefix}:deployment`);
      await queues.beforeApplicationShutdown();
      await ds.destroy();
      await db.drop();
    });

    it('sweeps at once when the queue store holds no id or another one, and not when it matches', async () => {
      const sweeps = async () => (await queues.queue(QueueName.Sla).getJobs(['waiting', 'delayed'])).filter((j) => j.id?.startsWith('boot-sweep-')).length;
      const first = await checkDeployment(ds, queues);
      expect(first).toMatchObject({ found: null, swept: true });
      expect(await sweeps()).toBe(1);
      expect(await checkDeployment(ds, queues)).toMatchObject({ found: first.id, swept: false });
      expect(await sweeps()).toBe(1);
      // The prefix reused by another database: its id is in Redis.
      await queues.redis?.set(`${queues.options.prefix}:deployment`, '00000000-0000-0000-0000-000000000000');
      expect(await checkDeployment(ds, queues)).toMatchObject({ found: '00000000-0000-0000-0000-000000000000', swept: true });
      expect(await sweeps()).toBe(2);
    });
  });
});
