import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '@app/config';
import { answers, freePort } from './probe';
import { ensureDatabase } from './ensure-database';

export interface Infrastructure {
  databaseUrl: string;
  /** Null: the queues run on BullMQ's PostgreSQL backend in the same database. */
  redisUrl: string | null;
  /** What was chosen, for the start-up log. */
  notes: string[];
  stop(): Promise<void>;
}

const LOCAL_DATABASE = 'postgres://postgres@127.0.0.1:5432/subsidy_flow';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';
const REDIS_BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/**
 * Finds PostgreSQL and Redis: the configured URLs; else the machine's own services on their standard ports;
 * else embedded ones (PGlite behind a socket, a child redis-server), so a newcomer needs nothing installed.
 */
export async function resolveInfrastructure(config: AppConfig): Promise<Infrastructure> {
  const notes: string[] = [];
  const stops: (() => Promise<void>)[] = [];

  let databaseUrl = config.databaseUrl === 'embedded' ? null : config.databaseUrl;
  const forceEmbeddedDb = config.databaseUrl === 'embedded';
  let embeddedDb = false;
  if (databaseUrl) {
    notes.push('PostgreSQL: DATABASE_URL');
    await ensureDatabase(databaseUrl);
  } else if (!forceEmbeddedDb && (await answers(5432))) {
    databaseUrl = LOCAL_DATABASE;
    await ensureDatabase(databaseUrl);
    notes.push(`PostgreSQL: the machine's server (${databaseUrl})`);
  } else {
    const embedded = await startEmbeddedPostgres(resolve(config.dataDir, 'pglite'));
    databaseUrl = embedded.url;
    embeddedDb = true;
    stops.push(embedded.stop);
    notes.push(`PostgreSQL: embedded PGlite at ${embedded.url}, data in ${resolve(config.dataDir, 'pglite')}`);
  }

  let redisUrl = config.redisUrl === 'embedded' || config.redisUrl === 'none' ? null : config.redisUrl;
  const forceEmbeddedRedis = config.redisUrl === 'embedded';
  const binary = REDIS_BINARIES.find((b) => existsSync(b));
  if (config.redisUrl === 'none' || (!redisUrl && !forceEmbeddedRedis && !binary && !(await answers(6379)))) {
    redisUrl = null;
    notes.push('Queues: no Redis to be had, so BullMQ runs on its PostgreSQL backend in the same database (slower)');
  } else if (redisUrl) {
    notes.push('Redis: REDIS_URL');
  } else if (!forceEmbeddedRedis && (await answers(6379))) {
    redisUrl = LOCAL_REDIS;
    notes.push(`Redis: the machine's server (${redisUrl})`);
  } else {
    if (!binary) throw new Error('REDIS_URL=embedded needs a redis-server binary (apt-get install redis-server)');
    const child = await startChildRedis(binary, resolve(config.dataDir, 'redis'));
    redisUrl = child.url;
    stops.push(child.stop);
    notes.push(`Redis: child redis-server at ${child.url} (noeviction, AOF in ${resolve(config.dataDir, 'redis')})`);
  }

  // PGlite serves one session at a time and BullMQ's PostgreSQL workers hold theirs while they wait for jobs:
  // together they starve the API (tried, including a second PGlite). Say so rather than hang.
  if (redisUrl === null && embeddedDb) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw new Error(
      'No Redis and no PostgreSQL server: the queues cannot run on embedded PGlite. Install redis-server ' +
        '(apt-get install redis-server) or set DATABASE_URL to a PostgreSQL server.',
    );
  }

  return {
    databaseUrl,
    redisUrl,
    notes,
    stop: async () => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

async function startChildRedis(binary: string, dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--save', '', '--maxmemory-policy', 'noeviction', '--hz', '100'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
    },
  };
}

async function startEmbeddedPostgres(dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(join(dir));
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 100 } as ConstructorParameters<
    typeof PGLiteSocketServer
  >[0]);
  await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}
