import { freePort } from '@app/runtime';
import { createTestDatabase, spawnApp, TEST_REDIS_URL, waitFor } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The container health check (libs/runtime/src/healthcheck.ts) of an app, as Docker runs it: its exit code. */
function healthcheck(app: string, heartbeatFile: string): number | null {
  const script = join(__dirname, '../../libs/runtime/src/healthcheck.ts');
  return spawnSync(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), script, app], {
    env: { PATH: process.env.PATH ?? '', HEARTBEAT_FILE: heartbeatFile },
    stdio: 'ignore',
  }).status;
}

/**
 * The traps a newcomer met at start-up, each run as a real process: an unreachable Redis, signals in every
 * state, a bad value in .env, a port already taken. Each must end in one clear message, never a hang.
 */
describe('start-up without traps', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let deadPort: number;
  const base = () => ({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    QUEUE_PREFIX: `t_startup_${process.pid}`,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'info',
  });

  beforeAll(async () => {
    db = await createTestDatabase('startup');
    deadPort = await freePort(); // nothing listens here
  });
  afterAll(async () => db?.drop());

  it('waits a bounded time for an unreachable Redis, one line per try, then exits 1 saying what to do', async () => {
    const app = spawnApp('api', { ...base(), PORT: String(await freePort()), REDIS_URL: `redis://127.0.0.1:${deadPort}` });
    await app.waitForOutput(/is not answering \(1\/10\)/, 'the first retry line');
    const waitStarted = Date.now(); // (compiling the app under ts-node before this is not the app's doing)
    const end = await app.exited;
    const output = app.output();
    expect(end.code).toBe(1);
    expect(Date.now() - waitStarted).toBeLessThan(30_000);
    expect(output).toContain(`Redis at redis://127.0.0.1:${deadPort} is not answering (2/10)…`);
    expect(output.match(/is not answering \(\d+\/10\)/g)).toHaveLength(10);
    expect(output).toMatch(/did not answer after 10 tries\. Start Redis .*REDIS_URL=none/);
    expect(output).not.toMatch(/^\s+at /m); // no stack trace for a problem of the environment
  }, 180_000);

  it('ends within 5 s on SIGTERM while it waits for Redis', async () => {
    const app = spawnApp('api', { ...base(), PORT: String(await freePort()), REDIS_URL: `redis://127.0.0.1:${deadPort}` });
    await app.waitForOutput(/is not answering \(1\/10\)/, 'the first retry line');
    const end = await app.stop('SIGTERM', 10_000);
    expect(end.signal).toBeNull(); // it ended itself: not killed
    expect(end.ms).toBeLessThan(5_000);
  }, 180_000);

  it('ends within 5 s on SIGINT (Ctrl-C) once running, and on SIGTERM while booting; the worker heartbeat shows it alive', async () => {
    const heartbeat = join(mkdtempSync(join(tmpdir(), 'sf-beat-')), 'beat');
    const env = { ...base(), PORT: String(await freePort()), REDIS_URL: TEST_REDIS_URL, HEARTBEAT_FILE: heartbeat };
    const app = spawnApp('all-in-one', env);
    await app.waitForOutput(/subsidy-flow ready/, 'the start-up summary');
    await waitFor(() => existsSync(heartbeat), 'the first heartbeat');
    expect(healthcheck('workflow', heartbeat)).toBe(0);
    const stopped = await app.stop('SIGINT', 10_000);
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(stopped.ms).toBeLessThan(5_000);
    expect(healthcheck('workflow', heartbeat)).toBe(1); // a stopped worker is not healthy

    const booting = spawnApp('all-in-one', { ...env, PORT: String(await freePort()) });
    await booting.waitForOutput(/"msg":"Mapped|Queues: /, 'the boot under way');
    const early = await booting.stop('SIGTERM', 10_000);
    expect(early.signal).toBeNull();
    expect(early.ms).toBeLessThan(5_000);
  }, 240_000);

  it('reads .env under the environment, and a bad value there stops the process naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sf-env-'));
    writeFileSync(join(dir, '.env'), 'QUEUE_PREFIX=from_file   # a comment\nWORKER_CONCURRENCY=lots\n');
    const app = spawnApp('api', { ...base(), PORT: String(await freePort()), REDIS_URL: TEST_REDIS_URL }, dir);
    const end = await app.exited;
    expect(end.code).toBe(1);
    expect(app.output()).toContain(`WORKER_CONCURRENCY (set in ${join(dir, '.env')})`);
    expect(app.output()).not.toContain('QUEUE_PREFIX'); // read, and valid
    expect(app.output()).not.toMatch(/^\s+at /m);
  }, 180_000);

  it('exits 1 with one clear line when its port is taken', async () => {
    const port = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(port, '0.0.0.0', done));
    try {
      const app = spawnApp('api', { ...base(), PORT: String(port), REDIS_URL: TEST_REDIS_URL });
      const end = await app.exited;
      expect(end.code).toBe(1);
      const lines = app.output().trim().split('\n');
      expect(lines).toEqual([`api did not start: Port ${port} is already in use (is this system already running?). Stop that process, or set PORT to a free port.`]);
    } finally {
      taken.close();
    }
  }, 180_000);
});
