import { readFileSync } from 'node:fs';
import { heartbeatFile, HEARTBEAT_EVERY_MS } from './heartbeat-file';

/**
 * `node dist/libs/runtime/src/healthcheck.js <app>`: the container health check. The api (and all-in-one)
 * must answer /health with 200; a worker app (no HTTP server) must have written its heartbeat lately — which
 * it does only while its event loop turns and PostgreSQL and the queue store answer it.
 */
async function main(app: string): Promise<number> {
  if (app === 'api' || app === 'all-in-one') {
    const port = process.env.PORT ?? '3000';
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return 0;
      process.stderr.write(`${app}: /health answered ${res.status}\n`);
    } catch (error) {
      process.stderr.write(`${app}: /health did not answer: ${(error as Error).message}\n`);
    }
    return 1;
  }
  try {
    const beat = JSON.parse(readFileSync(heartbeatFile(app), 'utf8')) as { at: number; pid: number };
    const age = Date.now() - beat.at;
    if (age <= 3 * HEARTBEAT_EVERY_MS) return 0;
    process.stderr.write(`${app}: last heartbeat ${Math.round(age / 1000)} s ago (pid ${beat.pid})\n`);
  } catch {
    process.stderr.write(`${app}: no heartbeat at ${heartbeatFile(app)}\n`);
  }
  return 1;
}

void main(process.argv[2] ?? 'api').then((code) => process.exit(code));
