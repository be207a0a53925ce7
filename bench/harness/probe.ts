/**
 * Preloaded (`-r bench/harness/probe.ts`) into every process a bench starts: counts the SQL statements each
 * process sends (by the pg driver, so every pooled connection and the relay's listener count), the
 * transactions among them, and the Redis commands (by ioredis, so BullMQ's scripts count one each). On
 * SIGUSR2 it writes its counters to `$BENCH_PROBE_DIR/<pid>.json`; the bench takes a snapshot before and
 * after a measured window and reports the difference. With `$BENCH_PROFILE_FILE`, SIGWINCH starts V8's CPU
 * profiler and the next SIGWINCH writes its profile there: the bench profiles a window of its choosing (a
 * warm-up round), not the measured rounds — sampling costs each process ~3 % of a core, so profiling the
 * rounds that are timed charged every process added to a deployment with its profiler too.
 * Not loaded by the application itself.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

interface Counters {
  pid: number;
  role: string;
  statements: number;
  transactions: number;
  redisCommands: number;
  /** Normalised statement text → count. */
  byStatement: Record<string, number>;
  byRedisCommand: Record<string, number>;
}

const counters: Counters = {
  pid: process.pid,
  role: process.env.BENCH_ROLE ?? 'process',
  statements: 0,
  transactions: 0,
  redisCommands: 0,
  byStatement: {},
  byRedisCommand: {},
};

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 160);
}

/**
 * Each distinct text's key and whether it opens a transaction, worked out once: the probe runs inside the
 * processes it measures, and normalising every statement anew was ~3 % of the all-in-one's CPU samples.
 */
const seen = new Map<string, { key: string; opens: boolean }>();

function countStatement(text: unknown): void {
  if (typeof text !== 'string') return;
  let known = seen.get(text);
  if (known === undefined) {
    known = { key: normalise(text), opens: /^\s*(START TRANSACTION|BEGIN)/i.test(text) };
    if (seen.size < 10_000) seen.set(text, known);
  }
  counters.statements++;
  if (known.opens) counters.transactions++;
  counters.byStatement[known.key] = (counters.byStatement[known.key] ?? 0) + 1;
}

const pg = require('pg') as { Client: { prototype: { query: (...args: unknown[]) => unknown } } };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0];
  countStatement(typeof first === 'string' ? first : (first as { text?: string } | undefined)?.text);
  return originalQuery.apply(this, args);
};

const ioredis = require('ioredis') as { default?: { prototype: Record<string, unknown> }; prototype?: Record<string, unknown> };
const Redis = (ioredis.default ?? ioredis) as { prototype: { sendCommand: (command: { name: string }, ...rest: unknown[]) => unknown } };
const originalSend = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: unknown, command: { name: string }, ...rest: unknown[]) {
  counters.redisCommands++;
  const name = String(command?.name ?? '?').toLowerCase();
  counters.byRedisCommand[name] = (counters.byRedisCommand[name] ?? 0) + 1;
  return originalSend.call(this, command, ...rest);
};

const dir = process.env.BENCH_PROBE_DIR;
if (dir) {
  process.on('SIGUSR2', () => {
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(counters));
  });
}

const profileFile = process.env.BENCH_PROFILE_FILE;
if (profileFile) {
  let session: Session | null = null;
  process.on('SIGWINCH', () => {
    if (session === null) {
      const started = new Session();
      started.connect();
      session = started;
      // The interval `--cpu-prof` samples at (1 ms), so the profiles compare with the earlier runs'.
      started.post('Profiler.enable', () => started.post('Profiler.setSamplingInterval', { interval: 1000 }, () => started.post('Profiler.start')));
      return;
    }
    const stopping = session;
    session = null;
    stopping.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(profileFile, JSON.stringify(result.profile));
      stopping.disconnect();
    });
  });
}
