import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { loadConfig } from '@app/config';
import { ALL_QUEUES, QueueName } from '@app/contracts';
import { prepareDatabase } from '@app/runtime';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';

export const ROOT = resolve(__dirname, '../..');
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Node flags of the processes that import 免申即享 files (workflow, all-in-one), as package.json's start and
 * docker-compose.yml run them: a young generation large enough that the batches in flight die young instead of
 * being copied and promoted at every scavenge (README, "Running the apps separately").
 */
export const IMPORTER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
/** Tokens are signed by the bench with the secret the processes it starts verify them with. */
export const BENCH_JWT_SECRET = 'bench-only-secret-0123456789abcdef';

/**
 * The processes a bench starts run the build, as `npm start` and the image do (`dist/apps/<kind>/main.js`), not
 * the sources under ts-node: ts-node loads node:repl, which loads node:domain, whose async hook every promise
 * then passes through — a cost no deployment pays — and each process spent its first 30–60 s transpiling.
 * `buildServer()` makes dist from the sources at the start of a run.
 */
export function buildServer(): void {
  for (const tool of ['typescript/bin/tsc', 'tsc-alias/dist/bin/index.js']) {
    const result = spawnSync(process.execPath, [join(ROOT, 'node_modules', tool), '-p', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`building dist (${tool}) failed:\n${result.stdout}${result.stderr}`);
  }
}

/** probe.ts as JavaScript: the processes run without ts-node. */
function compiledProbe(): string {
  const ts = require('typescript') as typeof import('typescript');
  const out = join(ROOT, 'bench/results/.probe/probe.js');
  mkdirSync(join(ROOT, 'bench/results/.probe'), { recursive: true });
  const source = readFileSync(join(ROOT, 'bench/harness/probe.ts'), 'utf8');
  writeFileSync(out, ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText);
  return out;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(SERVER_URL, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * A Redis of the bench's own on a free port (`hz 100`, `noeviction`, no persistence, as docker-compose.yml
 * configures it apart from AOF): its INFO commandstats count only the bench, and its timer resolution is the
 * deployed one. The machine's Redis is never touched.
 */
export async function startRedis(): Promise<{ url: string; pid: number; redis: IORedis; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--hz', '100', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  const url = `redis://127.0.0.1:${port}`;
  await waitUntil('the bench redis', async () => {
    const probe = new IORedis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    const ok = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
    probe.disconnect();
    return ok;
  }, 10_000, 50);
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  return {
    url,
    pid: child.pid ?? 0,
    redis,
    stop: async () => {
      redis.disconnect();
      child.kill('SIGKILL');
    },
  };
}

/** A database of the bench's own (`sf_bench_*`), migrated and with the programs seeded; dropped by `drop()`. */
export async function createBenchDatabase(label: string): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `sf_bench_${label}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  const url = withDatabase(SERVER_URL, name);
  await prepareDatabase(url, loadConfig({ NODE_ENV: 'development', DATABASE_URL: url, SEED_DEMO: 'false', RUN_MIGRATIONS: 'true' }));
  return { url, name, drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined) };
}

export type AppKind = 'all-in-one' | 'api' | 'workflow' | 'sla' | 'notifier';

export interface BenchProcess {
  kind: AppKind;
  child: ChildProcess;
  output(): string;
}

export interface DeploymentOptions {
  name: string;
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  /** Processes to start, e.g. ['all-in-one'] or ['api', 'workflow', 'workflow', 'sla', 'notifier']. */
  kinds: AppKind[];
  /** Folder for the CPU profiles (`profile()`); none when null. */
  cpuProfileDir: string | null;
  env?: Record<string, string>;
}

export interface Deployment {
  name: string;
  url: string;
  processes: BenchProcess[];
  /** Counters of every process since it started (see probe.ts), summed. */
  probe(): Promise<ProbeTotals>;
  /** Runs `window` with each process's CPU profiler on (probe.ts), its profile written to `cpuProfileDir`; without a folder, just runs it. */
  profile<T>(window: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export interface ProbeTotals {
  statements: number;
  transactions: number;
  redisCommands: number;
  byStatement: Record<string, number>;
  byRedisCommand: Record<string, number>;
  byRole: Record<string, { statements: number; transactions: number; redisCommands: number }>;
}

export function probeDelta(after: ProbeTotals, before: ProbeTotals): ProbeTotals {
  const minus = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
  const byRole: ProbeTotals['byRole'] = {};
  for (const [role, a] of Object.entries(after.byRole)) {
    const b = before.byRole[role] ?? { statements: 0, transactions: 0, redisCommands: 0 };
    byRole[role] = { statements: a.statements - b.statements, transactions: a.transactions - b.transactions, redisCommands: a.redisCommands - b.redisCommands };
  }
  return {
    statements: after.statements - before.statements,
    transactions: after.transactions - before.transactions,
    redisCommands: after.redisCommands - before.redisCommands,
    byStatement: minus(after.byStatement, before.byStatement),
    byRedisCommand: minus(after.byRedisCommand, before.byRedisCommand),
    byRole,
  };
}

/** Starts the processes of a deployment (each with the probe preloaded) and waits until they serve. */
export async function startDeployment(options: DeploymentOptions): Promise<Deployment> {
  const port = await freePort();
  const probeDir = join(ROOT, 'bench/results/.probe', `${options.name}-${randomBytes(3).toString('hex')}`);
  mkdirSync(probeDir, { recursive: true });
  if (options.cpuProfileDir) mkdirSync(options.cpuProfileDir, { recursive: true });
  const probeJs = compiledProbe();
  /** Where the probe of the `i`th process writes its CPU profile (`profile()`); none without a folder. */
  const profileFile = (kind: AppKind, i: number) => (options.cpuProfileDir ? join(options.cpuProfileDir, `${options.name}-${kind}-${i}.cpuprofile`) : null);
  const processes: BenchProcess[] = options.kinds.map((kind, i) => {
    const args = [...(kind === 'workflow' || kind === 'all-in-one' ? IMPORTER_NODE_FLAGS : []), '-r', probeJs];
    const child = spawn(process.execPath, [...args, `dist/apps/${kind}/main.js`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        NODE_ENV: 'development',
        DATABASE_URL: options.databaseUrl,
        REDIS_URL: options.redisUrl,
        QUEUE_PREFIX: options.prefix,
        PORT: String(kind === 'api' || kind === 'all-in-one' ? port : 0),
        RUN_MIGRATIONS: 'false',
        SEED_DEMO: 'false',
        RATE_LIMITS: 'false',
        LOG_LEVEL: 'error',
        JWT_SECRET: BENCH_JWT_SECRET,
        SLA_SWEEP_EVERY_MS: '1000',
        BENCH_PROBE_DIR: probeDir,
        BENCH_ROLE: kind,
        ...(options.cpuProfileDir ? { BENCH_PROFILE_FILE: profileFile(kind, i) ?? '' } : {}),
        // Settings to try without editing the harness, e.g. BENCH_APP_ENV='{"WORKER_CONCURRENCY":"4"}'.
        ...(JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>),
        ...options.env,
      },
    });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-20_000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    return { kind, child, output: () => `--- ${kind} (pid ${child.pid}) ---\n${output}` };
  });
  // Should the bench end without stopping them (an error, Ctrl-C), its processes end with it.
  const orphanGuard = () => processes.forEach((p) => p.child.kill('SIGKILL'));
  process.once('exit', orphanGuard);
  const url = `http://127.0.0.1:${port}`;
  const exited = () => processes.find((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  const fail = (what: string) => new Error(`${what}\n${processes.map((p) => p.output()).join('\n')}`);
  try {
    await waitUntil('the api to answer /health', async () => {
      const dead = exited();
      if (dead) throw fail(`${dead.kind} exited during start-up`);
      return fetch(`${url}/health`).then((r) => r.ok, () => false);
    }, 600_000, 200);
    // Every worker process has registered with Redis (BullMQ lists a queue's workers).
    const redis = new IORedis(options.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      const want = new Map<QueueName, number>();
      for (const kind of options.kinds) {
        const queues = kind === 'all-in-one' ? [...ALL_QUEUES] : kind === 'workflow' ? [QueueName.Workflow] : kind === 'sla' ? [QueueName.Sla] : kind === 'notifier' ? [QueueName.Notifier] : [];
        for (const q of queues) want.set(q, (want.get(q) ?? 0) + 1);
      }
      for (const [name, count] of want) {
        const queue = new Queue(name, { connection: redis, prefix: options.prefix });
        await waitUntil(`${count} worker(s) on ${name}`, async () => {
          const dead = exited();
          if (dead) throw fail(`${dead.kind} exited during start-up`);
          return (await queue.getWorkers()).length >= count;
        }, 600_000, 200);
        await queue.close();
      }
    } finally {
      redis.disconnect();
    }
  } catch (error) {
    for (const p of processes) p.child.kill('SIGKILL');
    throw error;
  }

  const probe = async (): Promise<ProbeTotals> => {
    rmSync(probeDir, { recursive: true, force: true });
    mkdirSync(probeDir, { recursive: true });
    for (const p of processes) p.child.kill('SIGUSR2');
    await waitUntil('the probes', async () => readdirSync(probeDir).length >= processes.length, 10_000, 20);
    await new Promise((r) => setTimeout(r, 30)); // the last file is complete
    const totals: ProbeTotals = { statements: 0, transactions: 0, redisCommands: 0, byStatement: {}, byRedisCommand: {}, byRole: {} };
    for (const file of readdirSync(probeDir)) {
      const c = JSON.parse(readFileSync(join(probeDir, file), 'utf8')) as ProbeTotals & { role: string };
      totals.statements += c.statements;
      totals.transactions += c.transactions;
      totals.redisCommands += c.redisCommands;
      const role = (totals.byRole[c.role] ??= { statements: 0, transactions: 0, redisCommands: 0 });
      role.statements += c.statements;
      role.transactions += c.transactions;
      role.redisCommands += c.redisCommands;
      for (const [k, v] of Object.entries(c.byStatement)) totals.byStatement[k] = (totals.byStatement[k] ?? 0) + v;
      for (const [k, v] of Object.entries(c.byRedisCommand)) totals.byRedisCommand[k] = (totals.byRedisCommand[k] ?? 0) + v;
    }
    return totals;
  };

  const profile = async <T>(window: () => Promise<T>): Promise<T> => {
    const files = processes.flatMap((p, i) => profileFile(p.kind, i) ?? []);
    if (files.length === 0) return window();
    for (const file of files) rmSync(file, { force: true });
    for (const p of processes) p.child.kill('SIGWINCH');
    try {
      return await window();
    } finally {
      for (const p of processes) p.child.kill('SIGWINCH');
      await waitUntil('the CPU profiles', async () => files.every((f) => existsSync(f)), 30_000, 50);
      await new Promise((r) => setTimeout(r, 100)); // the last file is complete
    }
  };

  return {
    name: options.name,
    url,
    processes,
    probe,
    profile,
    stop: async () => {
      await Promise.all(processes.map((p) => new Promise<void>((done) => {
        if (p.child.exitCode !== null || p.child.signalCode !== null) return done();
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 30_000);
        p.child.once('exit', () => {
          clearTimeout(timer);
          done();
        });
        p.child.kill('SIGTERM');
      })));
      process.removeListener('exit', orphanGuard);
      rmSync(probeDir, { recursive: true, force: true });
    },
  };
}
