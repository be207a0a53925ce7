import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';

/**
 * The fault suite's own PostgreSQL cluster and Redis, on free ports of their own: the machine's servers are
 * never restarted, paused or flushed. PostgreSQL refuses to run as root, so as root the cluster belongs to the
 * `postgres` user (runuser).
 */
const PG_BIN = process.env.FAULT_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const asRoot = process.getuid?.() === 0;

function run(command: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function runAsync(command: string, args: string[]): Promise<void> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  await promisify(execFile)(cmd, argv);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface FaultPostgres {
  port: number;
  dir: string;
  url: string;
  /** `pg_ctl restart -m immediate`: every session cut, crash recovery on start (RELIABILITY.md F3). */
  restartImmediate(): Promise<void>;
  stop(): void;
}

export async function startPostgres(): Promise<FaultPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sf-faults-pg-'));
  chmodSync(dir, 0o777);
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  run(`${PG_BIN}/initdb`, ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const pg = postgresAt(dir, port);
  pg.start();
  return pg;
}

/** The cluster in `dir` on `port` (started by `startPostgres`, possibly in another module context). */
export function postgresAt(dir: string, port: number): FaultPostgres & { start(): void } {
  const data = join(dir, 'data');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c synchronous_commit=on`;
  const ctl = (...args: string[]) => run(`${PG_BIN}/pg_ctl`, ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', ...args]);
  return {
    start: () => ctl('-o', options, 'start'),
    port,
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restartImmediate: () =>
      runAsync(`${PG_BIN}/pg_ctl`, ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-m', 'immediate', '-o', options, 'restart']),
    stop: () => {
      try {
        ctl('-m', 'immediate', 'stop');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export interface FaultRedis {
  port: number;
  dir?: string;
  url: string;
  /** kill -9: everything in memory is gone (no persistence), as after a crash without AOF. */
  kill(): void;
  start(): void;
  flushAll(): void;
  stop(): void;
}

export async function startRedis(): Promise<FaultRedis> {
  const redis = redisAt(mkdtempSync(join(tmpdir(), 'sf-faults-redis-')), await freePort());
  redis.start();
  return redis;
}

/** The Redis of `dir` on `port`. */
export function redisAt(dir: string, port: number): FaultRedis {
  const pidFile = join(dir, 'redis.pid');
  const start = () => {
    execFileSync('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction',
      '--daemonize', 'yes', '--pidfile', pidFile, '--dir', dir, '--logfile', join(dir, 'log'),
    ]);
    for (let i = 0; i < 200; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG') return;
      spawnSync('sleep', ['0.05']);
    }
    throw new Error(`redis-server on ${port} did not answer`);
  };
  const kill = () => {
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    for (let i = 0; i < 200 && spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG'; i++) {
      spawnSync('sleep', ['0.05']);
    }
    rmSync(pidFile, { force: true });
  };
  return {
    port,
    dir,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    flushAll: () => execFileSync('redis-cli', ['-p', String(port), 'FLUSHALL']),
    stop: () => {
      kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
