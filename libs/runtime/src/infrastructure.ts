import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '@app/config';
import { REDIS_BINARIES, startChildRedis } from './child-redis';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ensureDatabase } from './ensure-database';
import { answers } from './probe';
import { StartupError } from './startup-error';
import { redactUrl, waitForService, WaitPolicy, BOOT_WAIT } from './wait-for-service';

export interface Infrastructure {
  databaseUrl: string;
  /** Null: the queues run on BullMQ's PostgreSQL backend in the same database. */
  redisUrl: string | null;
  /** What was chosen and why, one line each, for the start-up summary. */
  notes: string[];
  stop(): Promise<void>;
}

const LOCAL_DATABASE = 'postgres://postgres@127.0.0.1:5432/subsidy_flow';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

/**
 * Finds PostgreSQL and Redis: the configured URLs (waited for, a bounded number of tries); else the machine's
 * own services on their standard ports; else embedded ones — a real PostgreSQL server under DATA_DIR, and a
 * child redis-server or, without one, BullMQ's PostgreSQL backend — so a newcomer needs nothing but Node.
 * `started` hears of each server as it starts, so a signal during start-up can stop what was started so far.
 */
export async function resolveInfrastructure(
  config: AppConfig,
  log: (line: string) => void = () => undefined,
  wait: WaitPolicy = BOOT_WAIT,
  started: (stop: () => Promise<void>) => void = () => undefined,
): Promise<Infrastructure> {
  const notes: string[] = [];
  const stops: (() => Promise<void>)[] = [];
  const track = (stop: () => Promise<void>) => {
    stops.push(stop);
    started(stop);
  };
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  const production = config.env === 'production';
  try {
    let databaseUrl: string;
    if (config.databaseUrl && config.databaseUrl !== 'embedded') {
      databaseUrl = config.databaseUrl;
      await waitForService('PostgreSQL', databaseUrl,
        'Start PostgreSQL, correct DATABASE_URL, or set DATABASE_URL=embedded to run one under DATA_DIR.', log, wait);
      await ensureDatabase(databaseUrl, production, log);
      notes.push(`PostgreSQL: ${redactUrl(databaseUrl)} (from DATABASE_URL)`);
    } else if (config.databaseUrl !== 'embedded' && (await answers(5432))) {
      databaseUrl = LOCAL_DATABASE;
      await ensureDatabase(databaseUrl, production, log);
      notes.push(`PostgreSQL: the machine's server, ${databaseUrl} (DATABASE_URL unset and 127.0.0.1:5432 answers)`);
    } else {
      const why = config.databaseUrl === 'embedded' ? 'DATABASE_URL=embedded' : 'DATABASE_URL unset and nothing answers on 127.0.0.1:5432';
      const dataDir = resolve(config.dataDir);
      const embedded = await startEmbeddedPostgres(dataDir, log);
      track(embedded.stop);
      databaseUrl = embedded.url;
      notes.push(
        embedded.owner === 'this process'
          ? `PostgreSQL: embedded PostgreSQL 18 started on port ${embedded.port} (${why}), data in ${dataDir}/postgres`
          : `PostgreSQL: the embedded server on port ${embedded.port} that ${embedded.owner} runs on ${dataDir}/postgres (${why})`,
        `  its URL, for other apps of this system: ${embedded.url}`,
      );
    }

    let redisUrl: string | null;
    const binary = REDIS_BINARIES.find((b) => existsSync(b));
    if (config.redisUrl === 'none') {
      redisUrl = null;
      notes.push('Queues: BullMQ on its PostgreSQL backend in the same database (REDIS_URL=none); slower than Redis');
    } else if (config.redisUrl && config.redisUrl !== 'embedded') {
      redisUrl = config.redisUrl;
      await waitForService('Redis', redisUrl,
        'Start Redis (redis-server), correct REDIS_URL, or set REDIS_URL=none to run the queues on PostgreSQL.', log, wait);
      notes.push(`Queues: Redis at ${redactUrl(redisUrl)} (from REDIS_URL)`);
    } else if (config.redisUrl !== 'embedded' && (await answers(6379))) {
      redisUrl = LOCAL_REDIS;
      notes.push(`Queues: the machine's Redis, ${redisUrl} (REDIS_URL unset and 127.0.0.1:6379 answers)`);
    } else if (binary) {
      const dir = resolve(config.dataDir, 'redis');
      const child = await startChildRedis(binary, dir);
      track(child.stop);
      redisUrl = child.url;
      const why = config.redisUrl === 'embedded' ? 'REDIS_URL=embedded' : `nothing answers on 127.0.0.1:6379, ${binary} exists`;
      notes.push(`Queues: a child redis-server at ${child.url} (${why}), AOF in ${dir}`);
    } else if (config.redisUrl === 'embedded') {
      throw new StartupError('REDIS_URL=embedded needs a redis-server binary (apt-get install redis-server), or set REDIS_URL=none.');
    } else {
      redisUrl = null;
      notes.push('Queues: BullMQ on its PostgreSQL backend in the same database (no Redis answers and no redis-server binary); slower than Redis');
    }
    return { databaseUrl, redisUrl, notes, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
