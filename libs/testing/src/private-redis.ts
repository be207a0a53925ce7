import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The probe file alone, not the runtime's index: the fault suite's global set-up loads this without path aliases.
import { freePort } from '../../runtime/src/probe';

export { freePort };

/**
 * A redis-server of a test's own on a free port, without persistence: a test may kill it or FLUSHALL it
 * (the machine's Redis is never flushed). The fault suite runs one; e2e tests that lose queued jobs, too.
 */
export interface PrivateRedis {
  port: number;
  dir?: string;
  url: string;
  /** kill -9: everything in memory is gone (no persistence), as after a crash without AOF. */
  kill(): void;
  start(): void;
  flushAll(): void;
  stop(): void;
}

export async function startRedis(): Promise<PrivateRedis> {
  const redis = redisAt(mkdtempSync(join(tmpdir(), 'sf-redis-')), await freePort());
  redis.start();
  return redis;
}

/** The Redis of `dir` on `port`. */
export function redisAt(dir: string, port: number): PrivateRedis {
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
