import { spawnSync } from 'node:child_process';
import { Job, Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { percentile } from '../report';
import { ROOT } from './deployment';

/**
 * The baseline: `count` raw BullMQ delayed jobs, all due at one instant, on the same Redis, taken by one
 * worker (concurrency 50) that does nothing; lateness = the moment the worker started the job − its due
 * moment. What BullMQ and Redis alone cost for a burst of timers.
 */
export async function rawTimerLateness(redisUrl: string, count: number): Promise<{ p50: number; p99: number; max: number }> {
  const prefix = `rawtimers${Date.now()}`;
  const connection = new IORedis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('raw', { connection, prefix });
  const lateness: number[] = [];
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const worker = new Worker('raw', async (job: Job<{ dueAt: number }>) => {
    lateness.push(Date.now() - job.data.dueAt);
    if (lateness.length >= count) done();
  }, { connection: new IORedis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: 50 });
  try {
    const dueAt = Date.now() + 3_000 + count / 5;
    for (let i = 0; i < count; i += 1000) {
      await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, k) => ({
        name: 'noop', data: { dueAt }, opts: { jobId: `t${i + k}`, delay: dueAt - Date.now(), removeOnComplete: true },
      })));
    }
    await finished;
    return { p50: percentile(lateness, 50), p99: percentile(lateness, 99), max: Math.max(...lateness) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}

/** The last JSON line a bench child printed that holds `key`. */
export function jsonLineOf(output: string, key: string): Record<string, unknown> {
  const line = output.split('\n').reverse().find((l) => l.startsWith('{') && l.includes(key));
  if (!line) throw new Error(`no result line with ${key} in:\n${output.slice(-4000)}`);
  return JSON.parse(line) as Record<string, unknown>;
}

/** Runs one of the older benches (bench/run.ts --one NAME) in a child with the given environment and Node flags. */
export function runChildBench(name: string, env: Record<string, string>, nodeFlags: readonly string[] = []): string {
  const result = spawnSync(process.execPath, [...nodeFlags, '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '--expose-gc', 'bench/run.ts', '--one', name], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 900_000,
  });
  if (result.status !== 0) throw new Error(`bench ${name} failed:\n${(result.stdout ?? '').slice(-3000)}\n${(result.stderr ?? '').slice(-3000)}`);
  return result.stdout;
}

/** The alarm scenario: the lateness bench with `count` alarms due at one instant, on the given Redis. */
export function alarmLateness(redisUrl: string, count: number): { p50: number; p99: number; max: number; fired: number; visibleP99: number; notYetP99: number } {
  const out = runChildBench('lateness', {
    TEST_REDIS_URL: redisUrl, BENCH_ALARMS: String(count), BENCH_BACKLOG: '0', BENCH_LEAD_MS: String(Math.max(20_000, count * 4)),
  });
  const r = jsonLineOf(out, 'lateness p99').results as Record<string, number>;
  return {
    p50: r['lateness p50 (ms)'], p99: r['lateness p99 (ms)'], max: r['lateness max (ms)'], fired: r['alarms fired'],
    // When 99 % of them could be read (committed), as an observer polling the table saw it: the check on fired_at.
    visibleP99: r['visible to a reader p99 (ms)'],
    // The observer's look before that one (fewer visible): the moment lies between the two.
    notYetP99: r['not yet visible p99, the look before (ms)'],
  };
}
