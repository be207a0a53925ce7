import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { appCommand } from './app-command';

const ROOT = resolve(__dirname, '../../..');

/** One of our apps run as a real process, as `npm start` would run it (built when the build is current). */
export interface AppProcess {
  child: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with how it ended: its exit code, or the signal that killed it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>;
  /** Waits until its output matches. */
  waitForOutput(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and waits for the end; kill -9 after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * Starts the app (`appCommand`) with exactly the given environment (plus PATH and HOME): no variable of the test
 * runner leaks in. `cwd` defaults to the repository (where `.env` would be read).
 */
export function spawnApp(app: string, env: Record<string, string>, cwd = ROOT): AppProcess {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    appCommand(app).args,
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TS_NODE_PROJECT: resolve(ROOT, 'tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-1_000_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Should the test runner end first, the child must not outlive it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; afterMs: number }>((done) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', orphanGuard);
      done({ code, signal, afterMs: Date.now() - started });
    }),
  );
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    output: () => output,
    exited,
    waitForOutput: async (pattern, what, timeoutMs = 120_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = output.match(pattern);
        if (found) return found;
        if (ended) throw new Error(`the process ended before ${what}:\n${output.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async (signal = 'SIGTERM', graceMs = 10_000) => {
      const t0 = Date.now();
      if (!ended) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const end = await exited;
      clearTimeout(timer);
      return { code: end.code, signal: end.signal, ms: Date.now() - t0 };
    },
  };
}
