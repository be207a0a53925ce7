import { INestApplication, Type } from '@nestjs/common';
import { AppConfig, loadConfig } from '@app/config';
import { JobName, QueueName } from '@app/contracts';
import { TimeSource } from '@app/persistence';
import { QueueService } from '@app/queue';
import { boot, Running } from '@app/runtime';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createTestDatabase, TEST_REDIS_URL } from './test-database';
import { waitFor } from './wait';

/** Delayed jobs due within this horizon count as work in flight (retry backoffs), later ones as timers. */
const RETRY_HORIZON_MS = 30_000;

export interface TestSystem {
  running: Running;
  http: INestApplication;
  dataSource: DataSource;
  time: TimeSource;
  queues: QueueService;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  config: AppConfig;
  /** Waits until the outbox is published and no queue has work waiting or running. */
  waitForIdle(timeoutMs?: number): Promise<void>;
  /** Moves the system's clock forward by whole days. */
  travelDays(days: number): void;
  stop(): Promise<void>;
}

export interface TestSystemOptions {
  label: string;
  modules: Type[];
  consume: QueueName[];
  relay: boolean;
  http?: boolean;
  env?: Record<string, string>;
  /** false: no Redis; the queues run on BullMQ's PostgreSQL backend in the test's database. */
  redis?: boolean;
  /** A Redis of the test's own (`startRedis()`), which it may flush; the machine's otherwise. */
  redisUrl?: string;
}

/**
 * The whole system (or part of it) against a database and a queue prefix of its own, with a clock tests may
 * move forward. Demo data is never touched.
 */
export async function startTestSystem(options: TestSystemOptions): Promise<TestSystem> {
  const database = await createTestDatabase(options.label);
  const prefix = `t_${randomBytes(5).toString('hex')}`;
  const redisUrl = options.redisUrl ?? TEST_REDIS_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    CLOCK_TRAVEL: 'true',
    RATE_LIMITS: 'false',
    OUTBOX_POLL_MS: '50',
    SLA_SWEEP_EVERY_MS: '300',
    SEED_DEMO: 'false',
    // Tests name client addresses with X-Forwarded-For (per-address login delays).
    TRUST_PROXY: 'loopback',
    // Signed audit heads of this test's own database only.
    AUDIT_ANCHOR_DIR: join(tmpdir(), `sf-audit-anchors-${prefix}`),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error',
    ...options.env,
  });
  const running = await boot({
    name: options.label,
    modules: options.modules,
    http: options.http ?? true,
    consume: options.consume,
    relay: options.relay,
    config,
    infrastructure: {
      databaseUrl: database.url,
      redisUrl: options.redis === false ? null : redisUrl,
      notes: [],
      stop: async () => undefined,
    },
  });
  const app = running.app;
  const dataSource = app.get(DataSource);
  const queues = app.get(QueueService);
  const time = app.get(TimeSource);

  const busy = async (): Promise<boolean> => {
    const [{ n }]: { n: string }[] = await dataSource.query(
      'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND run_at <= now()',
    );
    if (Number(n) > 0) return true;
    for (const queue of queues.all()) {
      const jobs = await queue.getJobs(['waiting', 'active', 'prioritized', 'waiting-children']);
      if (jobs.some((j) => j && j.name !== JobName.SweepClocks)) return true;
      // A job waiting out a retry's backoff is still work in flight; a timer days ahead is not.
      const delayed = await queue.getJobs(['delayed']);
      const soon = Date.now() + RETRY_HORIZON_MS;
      if (delayed.some((j) => j && j.name !== JobName.SweepClocks && j.timestamp + (j.delay ?? 0) <= soon)) return true;
    }
    return false;
  };

  return {
    running,
    http: app as INestApplication,
    dataSource,
    time,
    queues,
    databaseUrl: database.url,
    redisUrl,
    prefix,
    config,
    waitForIdle: async (timeoutMs = 20_000) => {
      // Idle twice in a row: a job that just finished may have written outbox rows the relay has not seen.
      let quiet = 0;
      await waitFor(async () => (quiet = (await busy()) ? 0 : quiet + 1) >= 2, 'the pipeline to drain', timeoutMs);
    },
    travelDays: (days: number) => time.travel(days * 24 * 3600 * 1000),
    stop: async () => {
      await running.close();
      await deletePrefix(redisUrl, prefix);
      await rm(config.auditAnchor.dir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

/** Removes every key of a test's queue prefix. */
export async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new IORedis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
