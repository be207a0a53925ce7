import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { answers, freePort } from './probe';
import { StartupError } from './startup-error';

export const REDIS_BINARIES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'];

/** A redis-server of our own on a free loopback port: noeviction, AOF every second in `dir`, stopped with us. */
export async function startChildRedis(binary: string, dir: string): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--save', '', '--maxmemory-policy', 'noeviction', '--hz', '100'],
    { stdio: 'ignore' },
  );
  let exited = false;
  const exit = new Promise<void>((done) => child.once('exit', () => ((exited = true), done())));
  for (let i = 0; i < 100 && !exited && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 50));
  if (exited || !(await answers(port))) {
    child.kill('SIGKILL');
    throw new StartupError(`The child redis-server (${binary}) did not start on port ${port}. Set REDIS_URL, or REDIS_URL=none.`);
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
