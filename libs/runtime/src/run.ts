import { getPriority, setPriority } from 'node:os';
import { ConfigError, loadConfigWithEnvFile } from '@app/config';
import { Logger as PinoLogger } from 'pino';
import { boot, BootOptions, Running } from './boot';
import { portTaken } from './http-setup';
import { createLogger, prettyLogs } from './logger';
import { portInUse } from './probe';
import { DEMO_PASSWORD } from './seed';
import { StartupError } from './startup-error';
import { startupSummary } from './startup-summary';

/**
 * A background process (no HTTP) lowers its priority once it runs (BACKGROUND_NICE): on cores it shares with an
 * api, a burst's requests are served first and its background work follows (bench: a split deployment's
 * deadline-day burst ~160–190 → 290–350 submissions/s on two cores, its pipeline +25–35 %). Its main thread — where
 * its JavaScript runs — is the one that takes it (Linux keeps a niceness per thread). Raising one's own niceness
 * needs no privilege.
 */
function yieldToRequests(nice: number, warn: (line: string) => void): void {
  if (nice <= 0) return;
  try {
    setPriority(Math.max(getPriority(), nice));
  } catch (error) {
    warn(`could not lower this process's CPU priority to niceness ${nice}: ${(error as Error).message}`);
  }
}

/** At most this long from a signal to the end of the process, whatever state it is in. */
const STOP_WITHIN_MS = 4_500;

/**
 * For `main.ts` files: reads the configuration (.env under the environment), boots, prints the summary, and
 * owns the process's end: SIGTERM or SIGINT stop it within five seconds in every state — booting, waiting for
 * a service, running — closing the app (workers finish their jobs) and then the embedded servers; a second
 * signal ends it at once; so does the end of the npm that started it. A start-up that fails exits 1 with one clear message (the stack at debug level only
 * for problems of configuration or environment).
 */
export function run(options: BootOptions): void {
  const stops: (() => Promise<void>)[] = [];
  let running: Running | null = null;
  let logger: PinoLogger | null = null;
  let stopping = false;

  const bounded = (work: Promise<unknown>, ms: number) =>
    Promise.race([work.catch(() => undefined), new Promise((done) => setTimeout(done, Math.max(ms, 0)).unref())]);
  // The embedded servers get whatever the app's close left of the budget: PostgreSQL's shutdown checkpoint can take
  // seconds on a busy machine, and a process that exits before it is done leaves a server behind on DATA_DIR.
  const stopServers = async (until: number) => {
    for (const stop of stops.reverse()) await bounded(stop(), until - Date.now());
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    const until = Date.now() + STOP_WITHIN_MS - 200;
    setTimeout(() => process.exit(1), STOP_WITHIN_MS).unref();
    logger?.info({ context: options.name }, `${signal}: stopping`);
    void (async () => {
      if (running) await bounded(running.app.close(), 2_500);
      await stopServers(until);
      process.exit(0);
    })();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Under `npm start`, a SIGTERM to npm ends npm without passing it on: the process would live on, orphaned.
  // Losing the parent npm started us under counts as a SIGTERM.
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => process.ppid !== parent && !stopping && onSignal('SIGTERM'), 500).unref();
  }

  void (async () => {
    const config = await loadConfigWithEnvFile();
    logger = createLogger(config, options.name);
    if (options.http && (await portInUse(config.port))) throw portTaken(config.port);
    const booted = await boot({ ...options, config, logger, started: (stop) => stops.push(stop) });
    running = booted;
    if (stopping) return;
    if (!options.http) yieldToRequests(config.backgroundNice, (line) => logger?.warn({ context: options.name }, line));
    const lines = startupSummary(options.name, booted, DEMO_PASSWORD, config.envFile);
    if (prettyLogs(config.env)) process.stdout.write(`\n${lines.join('\n')}\n\n`);
    else logger.info({ context: options.name, summary: lines }, `${options.name} ready`);
  })().catch(async (error: unknown) => {
    if (stopping) return;
    const known = error instanceof StartupError || error instanceof ConfigError;
    const message = known
      ? (error as Error).message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    process.stderr.write(`${options.name} did not start: ${message}\n`);
    if (known && logger?.isLevelEnabled('debug'))
      logger.debug({ err: error }, 'start-up error, with its stack');
    await stopServers(Date.now() + STOP_WITHIN_MS);
    process.exit(1);
  });
}
