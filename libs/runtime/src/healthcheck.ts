import { readFileSync } from 'node:fs';
import { heartbeatFile, HEARTBEAT_EVERY_MS } from './heartbeat';

/**
 * `node dist/libs/runtime/src/healthcheck.js <app>`: the container health check of a worker process (which has
 * no HTTP server). Exits 0 only when the process wrote its heartbeat lately — which it does only while its
 * event loop turns and PostgreSQL and the queue store answer it.
 */
function main(): number {
  const app = process.argv[2] ?? 'workflow';
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

process.exit(main());
