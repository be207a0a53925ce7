import { execFile, execFileSync } from 'node:child_process';
import { freePort } from '../../libs/testing/src/private-redis';
import { promisify } from 'node:util';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

export interface FaultPostgres {
  port: number;
  dir: string;
  url: string;
  /** `pg_ctl restart -m immediate`: every session cut, crash recovery on start (docs/RELIABILITY.md F3). */
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

export { freePort, redisAt, startRedis } from '../../libs/testing/src/private-redis';
export type { PrivateRedis as FaultRedis } from '../../libs/testing/src/private-redis';
