import { ALL_QUEUES, JobName, QueueName } from '@app/contracts';
import {
  checkInvariants, createStaff, login, owedMessages, spawnWorkflow, startTestSystem, TestSystem, violations, waitFor, WorkflowProcess,
} from '@app/testing';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { ApiModule } from '../../apps/api/src/api.module';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { SlaModule } from '../../apps/sla/src/sla.module';
import { applicants, describeStatuses, submitAll } from './load';
import { postgresAt, redisAt } from './servers';

/**
 * The fault matrix of RELIABILITY.md that needs real faults, on the suite's own PostgreSQL and Redis
 * (global-setup.ts): each scenario runs a load, injects its fault, lets things settle, and checks every
 * invariant (I1–I9, and M: no message owed and not sent). The table at the end says, per scenario, the
 * load, the fault and the violations.
 */
const pg = postgresAt(process.env.FAULT_PG_DIR!, Number(process.env.FAULT_PG_PORT));
const redis = redisAt(process.env.FAULT_REDIS_DIR!, Number(process.env.FAULT_REDIS_PORT));
const compiled = existsSync(resolve(__dirname, '../../dist/apps/workflow/main.js'));
const WORKER_ENV = { WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4' };

interface Row {
  scenario: string;
  load: string;
  fault: string;
  violations: number | string;
}
const table: Row[] = [];

afterAll(() => {
  const header = ['scenario', 'load', 'fault', 'violations'];
  const cells = table.map((r) => [r.scenario, r.load, r.fault, String(r.violations)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(['', 'fault suite', line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), ''].join('\n'));
});

/** Settles, checks every invariant, records the row, and fails the scenario on any violation. */
async function verdict(sys: TestSystem, row: Omit<Row, 'violations'>, acknowledged: string[], settleMs = 90_000): Promise<void> {
  let found: string[] = ['not settled'];
  try {
    await sys.waitForIdle(settleMs);
    await waitFor(async () => (await owedMessages(sys.dataSource)).length === 0, 'no message owed', settleMs);
    found = violations(await checkInvariants(sys.dataSource, { acknowledged, queues: sys.queues }));
  } finally {
    table.push({ ...row, violations: found.length === 1 && found[0] === 'not settled' ? 'not settled' : found.length });
  }
  expect(found).toEqual([]);
}

const screenedOnce = async (sys: TestSystem, ids: string[]): Promise<string[]> =>
  (
    await sys.dataSource.query(
      `SELECT a.id, (SELECT count(*) FROM transitions t WHERE t.application_id = a.id AND t.action = 'screened') AS n
         FROM applications a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    )
  ).filter((r: { n: string }) => r.n !== '1').map((r: { id: string; n: string }) => `${r.id} screened ${r.n}×`);

const allInOne = (label: string, env: Record<string, string> = {}) =>
  startTestSystem({ label, modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, env });
/** API, SLA and notifier in the test process; the workflow (and the relay) in processes of their own. */
const withoutWorkflow = (label: string) =>
  startTestSystem({ label, modules: [ApiModule, SlaModule, NotifierModule], consume: [QueueName.Sla, QueueName.Notifier], relay: false });

async function connected(sys: TestSystem, w: WorkflowProcess): Promise<void> {
  await waitFor(
    async () => (await sys.queues.queue(QueueName.Workflow).getWorkers()).some((c) => String(c.rawname ?? '').endsWith(`:w:${w.name}`)),
    `workflow ${w.summary()} to connect`,
    90_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${w.output()}`);
  });
}

describe('fault suite', () => {
  let sys: TestSystem | undefined;
  const workflows: WorkflowProcess[] = [];
  afterEach(async () => {
    await Promise.all(workflows.splice(0).map((w) => w.kill()));
    await sys?.stop();
    sys = undefined;
  });

  it('F3: PostgreSQL restarted (immediate) under load', async () => {
    sys = await allInOne('f3');
    const people = await applicants(sys, 30);
    let restart: Promise<void> | null = null;
    const load = await submitAll(sys, people, 4, (i) => {
      if (i === 10) restart = pg.restartImmediate();
    });
    await restart;
    const s = sys;
    // The relay listens again on the restarted server (item 17).
    await waitFor(async () => {
      const rows: unknown[] = await s.dataSource.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN outbox%'`);
      return rows.length === 1;
    }, 'the relay to LISTEN again', 30_000);
    const row = { scenario: 'F3 PostgreSQL restart', load: `30 submissions ×4: ${describeStatuses(load.statuses)}`, fault: 'pg_ctl restart -m immediate after 10' };
    // Only acknowledged or "come back later": no 500, and every 503 says when (Retry-After).
    expect(Object.keys(load.statuses).filter((st) => st !== '201' && st !== '503')).toEqual([]);
    expect(load.retryAfter.with).toBe(load.retryAfter.of);
    await verdict(sys, row, load.acknowledged);
  }, 180_000);

  it('F4: a workflow process paused past its lock, then resumed', async () => {
    sys = await withoutWorkflow('f4');
    const people = await applicants(sys, 12);
    const load = await submitAll(sys, people, 4);
    // The last case's row is held so the first process's screening of it is provably mid-job when it is paused.
    const held = load.acknowledged[load.acknowledged.length - 1];
    const holder = new Client({ connectionString: sys.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [held]);
    const first = spawnWorkflow(sys, 'paused', WORKER_ENV, { compiled });
    workflows.push(first);
    const queue = sys.queues.queue(QueueName.Workflow);
    await waitFor(async () => (await queue.getJobs(['active'])).find(
      (j) => j?.name === JobName.ScreenApplication && j.data.applicationId === held && j.processedBy === first.name,
    ), 'the first process to hold the held case', 90_000);
    first.pause();
    await holder.query('ROLLBACK');
    await holder.end();
    // Another process takes the paused one's jobs once its lock (2 s) lapses; the paused one's session, idle in
    // its transaction, is ended by the server (idle_in_transaction_session_timeout) and its row lock released.
    const second = spawnWorkflow(sys, 'second', WORKER_ENV, { compiled });
    workflows.push(second);
    const s = sys;
    await waitFor(async () => (await screenedOnce(s, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    first.resume();
    const row = { scenario: 'F4 paused worker', load: `12 submissions: ${describeStatuses(load.statuses)}`, fault: 'SIGSTOP mid-job past WORKER_LOCK_MS 2 s, SIGCONT' };
    expect(await screenedOnce(sys, load.acknowledged)).toEqual([]);
    await verdict(sys, row, load.acknowledged);
  }, 180_000);

  it('Redis killed and restarted empty, then flushed while the notifier has a backlog', async () => {
    sys = await allInOne('redis');
    const people = await applicants(sys, 24);
    const server = sys.http.getHttpServer();
    const load = await submitAll(sys, people.slice(0, 8), 4);
    redis.kill();
    // Submissions need PostgreSQL only (the outbox): they are still accepted while Redis is away.
    const during = await submitAll(sys, people.slice(8, 16), 4);
    const health = await request(server).get('/health');
    redis.start();
    const notifier = sys.queues.queue(QueueName.Notifier);
    await waitFor(async () => (await notifier.pause().then(() => true)), 'Redis to be back', 30_000);
    const after = await submitAll(sys, people.slice(16), 4);
    const s = sys;
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await s.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(n) === 0;
    }, 'the outbox to be published', 60_000);
    const backlog = await notifier.getJobCounts('wait', 'waiting');
    redis.flushAll();
    await notifier.resume();
    const metrics = await request(server).get('/metrics');
    const acknowledged = [...load.acknowledged, ...during.acknowledged, ...after.acknowledged];
    const row = {
      scenario: 'Redis kill, restart, FLUSHALL',
      load: `24 submissions: ${describeStatuses({ ...load.statuses })} / during outage ${describeStatuses(during.statuses)} / ${describeStatuses(after.statuses)}`,
      fault: `kill -9 + empty restart; FLUSHALL with ${(backlog.wait ?? 0) + (backlog.waiting ?? 0)} notifier jobs waiting`,
    };
    expect(health.status).toBe(503);
    expect(Object.keys(during.statuses)).toEqual(['201']);
    expect(metrics.text).toMatch(/^subsidy_sla_sweep_install_failures_total [1-9]/m);
    // Lost screenings come back through the reconciler (after STUCK_AFTER_SECONDS), lost messages through the sweep.
    await verdict(sys, row, acknowledged, 150_000);
  }, 240_000);

  it('F1: a workflow process killed with -9 again and again under load', async () => {
    sys = await withoutWorkflow('kill9');
    const people = await applicants(sys, 30);
    let kills = 0;
    let current = spawnWorkflow(sys, 'w0', WORKER_ENV, { compiled });
    workflows.push(current);
    await connected(sys, current);
    const load = await submitAll(sys, people, 3, async (i) => {
      if (i > 0 && i % 8 === 0) {
        await current.kill();
        kills++;
        current = spawnWorkflow(sys!, `w${kills}`, WORKER_ENV, { compiled });
        workflows.push(current);
      }
    });
    await current.kill();
    kills++;
    const last = spawnWorkflow(sys, 'last', WORKER_ENV, { compiled });
    workflows.push(last);
    const s = sys;
    await waitFor(async () => (await screenedOnce(s, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    const row = { scenario: 'F1 kill -9 repeatedly', load: `30 submissions ×3: ${describeStatuses(load.statuses)}`, fault: `${kills} × kill -9 of the workflow process` };
    await verdict(sys, row, load.acknowledged);
  }, 240_000);

  it('F8: clock jumps: +3 days, −2 hours, across a holiday', async () => {
    sys = await allInOne('f8');
    const people = await applicants(sys, 10);
    const load = await submitAll(sys, people, 4);
    await sys.waitForIdle(60_000);
    const server = sys.http.getHttpServer();
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    sys.travelDays(3);
    await sys.waitForIdle(60_000);
    sys.time.travel(-2 * 3600 * 1000);
    // The next two days become holidays (an administrator's override); then the clock crosses them.
    const today = sys.time.today();
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const date of [day(1), day(2)]) {
      await request(server).post('/api/v1/calendar/overrides').set('Authorization', admin)
        .send({ date, kind: 'holiday', reason: 'fault suite holiday' }).expect(201);
    }
    sys.travelDays(3);
    await sys.waitForIdle(60_000);
    sys.travelDays(10);
    const s = sys;
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await s.dataSource.query(`SELECT count(*) AS n FROM sla_alarms`);
      return Number(n) > 0;
    }, 'the overdue cases to raise their alarms', 60_000);
    const [alarms]: { n: string; early: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE fired_at < due_at) AS early FROM sla_alarms`);
    const row = { scenario: 'F8 clock jumps', load: `10 open cases, ${alarms.n} alarms fired`, fault: 'time +3 d, −2 h, 2 holidays, +3 d, +10 d' };
    expect(alarms.early).toBe('0');
    await verdict(sys, row, load.acknowledged);
  }, 180_000);

  it('F10: a 10× burst: only 2xx/429, no 500, no loss', async () => {
    sys = await allInOne('burst');
    const people = await applicants(sys, 160);
    const steady = await submitAll(sys, people.slice(0, 16), 1);
    const burst = await submitAll(sys, people.slice(16), 10);
    const acknowledged = [...steady.acknowledged, ...burst.acknowledged];
    const row = {
      scenario: 'F10 10× burst',
      load: `16 at 1 (${Math.round((16 * 1000) / steady.ms)}/s), then 144 at 10 (${Math.round((144 * 1000) / burst.ms)}/s): ${describeStatuses(burst.statuses)}`,
      fault: '10× concurrency',
    };
    expect(Object.keys(burst.statuses).filter((st) => st !== '201' && st !== '429')).toEqual([]);
    await verdict(sys, row, acknowledged, 120_000);
  }, 240_000);

  it('graceful shutdown: SIGTERM mid-load, running jobs finish, nothing lost', async () => {
    sys = await withoutWorkflow('sigterm');
    const people = await applicants(sys, 24);
    const first = spawnWorkflow(sys, 'terminated', WORKER_ENV, { compiled });
    workflows.push(first);
    await connected(sys, first);
    const queue = sys.queues.queue(QueueName.Workflow);
    let sawActive = false;
    const load = await submitAll(sys, people, 4, async (i) => {
      if (i === 12) {
        sawActive = !!(await waitFor(async () => (await queue.getJobs(['active'])).some((j) => j?.processedBy === first.name), 'a job active in the process', 30_000).catch(() => false));
        await first.stop();
      }
    });
    // It ended by itself (not the SIGKILL after 10 s), and left no job active to wait out its lock.
    expect(first.exit()).toEqual({ code: 0, signal: null });
    const stranded = (await queue.getJobs(['active'])).filter((j) => j?.processedBy === first.name);
    const second = spawnWorkflow(sys, 'after', WORKER_ENV, { compiled });
    workflows.push(second);
    const s = sys;
    await waitFor(async () => (await screenedOnce(s, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    const row = {
      scenario: 'graceful shutdown',
      load: `24 submissions ×4: ${describeStatuses(load.statuses)}`,
      fault: `SIGTERM with jobs active (${sawActive ? 'seen' : 'not seen'}): ${first.summary()}`,
    };
    expect(stranded.map((j) => j.id)).toEqual([]);
    await verdict(sys, row, load.acknowledged);
  }, 240_000);
});
