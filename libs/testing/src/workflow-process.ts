import { ChildProcess, spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { QueueName } from '@app/contracts';
import { appCommand } from './app-command';
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

/** Starts a workflow process: built when the build is current, else under ts-node (`appCommand`). */
export function spawnWorkflow(sys: TestSystem, label: string, env: Record<string, string> = {}, options: { compiled?: boolean } = {}): WorkflowProcess {
  const { args, compiled } = appCommand('workflow', options.compiled ?? true);
  const child = spawn(
    process.execPath,
    args,
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
