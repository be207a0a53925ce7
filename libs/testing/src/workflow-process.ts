import { ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QueueName } from '@app/contracts';
import { TestSystem } from './test-system';
import { waitFor } from './wait';

const ROOT = resolve(__dirname, '../../..');

/** One `workflow` process (apps/workflow/main.ts) of our own: its worker name, its output, and a stop. */
export interface WorkflowProcess {
  child: ChildProcess;
  /** The BullMQ worker name WorkerHost gives it (`${hostname}-${pid}`), recorded on each job as processedBy. */
  name: string;
  output(): string;
  exited(): boolean;
  /** How it ended and how long its stop took. */
  summary(): string;
  stop(): Promise<void>;
  /** kill -9: no shutdown hooks, locks left to lapse, the outbox batch it held rolled back. */
  kill(): Promise<void>;
  /** kill -STOP / -CONT: the process keeps its sockets but runs nothing (a GC pause, a frozen VM). */
  pause(): void;
  resume(): void;
  /** The exit code and signal once it has exited. */
  exit(): { code: number | null; signal: string | null } | null;
}

const BUILT = resolve(ROOT, 'dist/apps/workflow/main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

let fresh: boolean | undefined;
/** Whether `npm run build` ran after the last change to apps/ and libs/ (the web client and tests aside). */
export function workflowBuildIsFresh(): boolean {
  if (fresh === undefined) {
    fresh = existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(
      ...readdirSync(resolve(ROOT, 'apps')).filter((a) => a !== 'web').map((a) => newestSource(resolve(ROOT, 'apps', a))),
      ...readdirSync(resolve(ROOT, 'libs')).filter((l) => l !== 'testing').map((l) => newestSource(resolve(ROOT, 'libs', l))),
    );
  }
  return fresh;
}

/**
 * Starts the built `dist/apps/workflow/main.js` when it is fresher than every source (CI builds before it tests):
 * it starts in a fraction of the time ts-node needs, which on a busy machine is minutes. Otherwise — or when
 * `compiled` is false — apps/workflow/main.ts under ts-node, so a test never runs stale code.
 */
export function spawnWorkflow(sys: TestSystem, label: string, env: Record<string, string> = {}, options: { compiled?: boolean } = {}): WorkflowProcess {
  const compiled = (options.compiled ?? true) && workflowBuildIsFresh();
  const child = spawn(
    process.execPath,
    compiled
      ? [BUILT]
      : ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'apps/workflow/main.ts'],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: sys.databaseUrl,
        REDIS_URL: sys.redisUrl,
        QUEUE_PREFIX: sys.prefix,
        NODE_ENV: 'test',
        RUN_MIGRATIONS: 'false',
        SEED_DEMO: 'false',
        OUTBOX_POLL_MS: '50',
        LOG_LEVEL: 'warn',
        CLOCK_TRAVEL: 'true',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // The last 64 kB of what it printed, for failure messages.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exitedWith: string | null = null;
  let exitInfo: { code: number | null; signal: string | null } | null = null;
  let stopMs: number | null = null;
  // Should this process end without afterAll (a crash, a forced exit), the child must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exitedWith = `code ${code}, signal ${signal}`;
      exitInfo = { code, signal };
      process.removeListener('exit', orphanGuard);
      done();
    }),
  );
  return {
    child,
    name: `${hostname()}-${child.pid}`,
    output: () => `--- workflow ${label} (${compiled ? 'built' : 'ts-node'}, pid ${child.pid}${exitedWith ? `, exited: ${exitedWith}` : ''}) ---\n${output}`,
    exited: () => exitedWith !== null,
    summary: () => `${label} (pid ${child.pid}) ${exitedWith ?? 'running'}${stopMs === null ? '' : ` after SIGTERM in ${stopMs} ms`}`,
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    exit: () => exitInfo,
    kill: async () => {
      if (exitedWith !== null) return;
      child.kill('SIGKILL');
      await exit;
    },
    stop: async () => {
      if (exitedWith !== null) return;
      const t0 = Date.now();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
      stopMs = Date.now() - t0;
    },
  };
}

/**
 * Waits until `w`'s workflow worker is connected to the queue (a ts-node start on a busy machine can take a
 * minute or more); fails at once, with its output, if it exits first, and with its output after `timeoutMs`.
 */
export async function workflowConnected(sys: TestSystem, w: WorkflowProcess, timeoutMs: number): Promise<void> {
  const queue = sys.queues.queue(QueueName.Workflow);
  await waitFor(async () => {
    if (w.exited()) throw new Error('it exited before it was ready');
    return (await queue.getWorkers()).some((c) => String(c.rawname ?? '').endsWith(`:w:${w.name}`));
  }, `workflow ${w.summary()} to connect`, timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}\n${w.output()}`);
  });
}
