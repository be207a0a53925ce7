import { ALL_QUEUES } from '@app/contracts';
import { createDataSource } from '@app/persistence';
import { postgresQueueConnection, QueueModuleOptions } from '@app/queue';
import { freePort } from '@app/runtime';
import { AppProcess, createBudgetPool, createEnterprise, handInMaterials, spawnApp, waitFor } from '@app/testing';
import { createPostgresBackend, Queue } from 'bullmq';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';

const DEMO_PASSWORD = 'demo-password';
const CASES = 20;

/**
 * `npm start` with nothing installed but Node: the all-in-one process on an embedded PostgreSQL server (data in
 * a fresh folder) with the queues on BullMQ's PostgreSQL backend in it, no Redis. Twenty voucher cases are
 * submitted at once and walked to 公示 by the demo reviewers; no job fails and no request gets a 5xx; the
 * process is stopped and started again on the same data, and everything is still there.
 */
describe('embedded mode: a real PostgreSQL under DATA_DIR, queues on it, no Redis', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sf-embedded-'));
  let port: number;
  let app: AppProcess | null = null;
  let dataSource: DataSource | null = null;
  const statuses: number[] = [];
  const conflicts: string[] = [];

  const start = async (): Promise<{ databaseUrl: string; rssMb: number }> => {
    app = spawnApp('all-in-one', {
      NODE_ENV: 'development',
      DATABASE_URL: 'embedded',
      REDIS_URL: 'none',
      // The demo accounts (its reviewers decide the cases), not the demo's few hundred cases.
      SEED_DEMO_CASES: 'false',
      DATA_DIR: dataDir,
      PORT: String(port),
      RATE_LIMITS: 'false',
      OUTBOX_POLL_MS: '100',
      LOG_LEVEL: 'info',
    });
    const ready = await app.waitForOutput(/"summary":(\[.*?\]),"msg":"subsidy-flow ready"/, 'the start-up summary', 180_000);
    const summary = JSON.parse(ready[1]) as string[];
    const databaseUrl = summary.join('\n').match(/for other apps of this system: (postgres:\/\/\S+)/)?.[1];
    if (!databaseUrl) throw new Error(`no embedded PostgreSQL in the summary:\n${summary.join('\n')}`);
    expect(summary.join('\n')).toMatch(/Queues: BullMQ on its PostgreSQL backend/);
    return { databaseUrl, rssMb: Number(summary[0].match(/(\d+) MB RSS/)?.[1]) };
  };
  const api = () => request(`http://127.0.0.1:${port}`);
  const send = async (req: request.Test) => {
    const res = await req;
    statuses.push(res.status);
    return res;
  };
  const loginAs = async (username: string, password: string) => {
    const res = await send(api().post('/api/v1/auth/login').send({ username, password }));
    if (res.status !== 200) throw new Error(`login of ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return `Bearer ${res.body.accessToken}`;
  };

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    await dataSource?.destroy().catch(() => undefined);
    await app?.stop('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** On failure: what the process warned about, and the 409s met, to tell a slow queue from a bug. */
  const explained = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const warnings = (app?.output() ?? '').split('\n').filter((l) => /"level":(40|50|60)/.test(l)).slice(-30);
      (error as Error).message += `\n409s: ${conflicts.join(' | ')}\nwarnings of the process:\n${warnings.join('\n')}`;
      throw error;
    }
  };

  it('walks 20 concurrent voucher cases to 公示 with no failed job and no 5xx, and keeps them across a restart', () => explained(async () => {
    const first = await start();
    expect(first.rssMb).toBeGreaterThan(0);
    dataSource = createDataSource(first.databaseUrl, { extra: { max: 2 } });
    await dataSource.initialize();
    // An approval into 公示 reserves the amount in the year's budget pool: an administrator makes one first.
    await createBudgetPool(dataSource!, 'innovation-voucher', 2024, 1_000_000_000);
    const enterprises = await Promise.all(Array.from({ length: CASES }, () => createEnterprise(dataSource!, { regionCode: '350102' })));
    // Logged in one after another: bcrypt is CPU work on the event loop, and only the submissions are the point.
    const asEnterprise: string[] = [];
    for (const e of enterprises) asEnterprise.push(await loginAs(e.username, 'test-password-1'));

    const submitted = await Promise.all(
      asEnterprise.map((auth) =>
        send(api().post('/api/v1/applications').set('Authorization', auth)
          .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false, isMaker: false } })),
      ),
    );
    expect(submitted.map((r) => r.status)).toEqual(Array(CASES).fill(201));
    const ids: string[] = submitted.map((r) => r.body.id);
    // Acceptance takes a complete case: the enterprises hand in the materials the version requires.
    for (const id of ids) await handInMaterials(dataSource!, id);

    // The demo reviewers: two of the district (four eyes), then the city.
    for (const [reviewer, stage] of [['district.gulou.1', 'acceptance'], ['district.gulou.2', 'formal_review'], ['city.1', 'recheck']]) {
      const auth = await loginAs(reviewer, DEMO_PASSWORD);
      // One reviewer's page, reloaded until every case has come to this stage and been decided; a 409 (the case
      // moved on while the page was open) is met by reloading and deciding again.
      const decided = new Set<string>();
      await waitFor(async () => {
        const res = await send(api().get('/api/v1/tasks').set('Authorization', auth));
        const tasks = (res.body as { id: string; version: number; applicationId: string; stage: string }[])
          .filter((t) => t.stage === stage && ids.includes(t.applicationId) && !decided.has(t.applicationId));
        for (const task of tasks) {
          const answer = await send(api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
            .send({ version: task.version, decision: 'approve', reason: '同意' }));
          if (answer.status === 409) conflicts.push(`${stage}: ${answer.body.message}`);
          else if (answer.status === 200) decided.add(task.applicationId);
          else throw new Error(`decision on ${task.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        return decided.size === ids.length;
      }, `every case decided in ${stage}`, 300_000);
    }
    for (const [i, id] of ids.entries()) {
      const view = await send(api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise[i]));
      expect(view.body.status).toBe('public_notice');
    }

    // The pipeline drains; no job failed, no request was answered 5xx (by the test's count and by the log).
    const queueOptions = { databaseUrl: first.databaseUrl, prefix: 'sf' } as QueueModuleOptions;
    const queues = ALL_QUEUES.map((name) => new Queue(name, { connection: postgresQueueConnection(queueOptions) }, createPostgresBackend));
    try {
      await waitFor(async () => {
        const counts = await Promise.all(queues.map((q) => q.getJobCounts('waiting', 'active')));
        const [{ n }]: { n: string }[] = await dataSource!.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
        return Number(n) === 0 && counts.every((c) => c.waiting === 0 && c.active === 0);
      }, 'the queues to drain', 60_000);
      const failed = await Promise.all(queues.map((q) => q.getJobCounts('failed')));
      expect(failed.map((c) => c.failed)).toEqual(ALL_QUEUES.map(() => 0));
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    if (conflicts.length) process.stdout.write(`409s met and retried: ${conflicts.join(' | ')}\n`);
    expect(app!.output()).not.toMatch(/"statusCode":5\d\d/);
    expect(app!.output()).not.toMatch(/failed for good/);
    const [{ n: transitionsBefore }]: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM transitions');
    await dataSource.destroy();
    dataSource = null;

    // Stopped (the server with it), then started again on the same data.
    const stopped = await app!.stop('SIGTERM');
    expect(stopped).toMatchObject({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    const second = await start();
    expect(app!.output()).toMatch(/Migrations: none pending/);
    dataSource = createDataSource(second.databaseUrl, { extra: { max: 2 } });
    await dataSource.initialize();
    const [{ n: transitionsAfter }]: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM transitions');
    expect(transitionsAfter).toBe(transitionsBefore);
    const again = await loginAs(enterprises[0].username, 'test-password-1');
    const list = await send(api().get('/api/v1/applications').set('Authorization', again));
    expect(list.body.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([[ids[0], 'public_notice']]);
    const reviewer = await loginAs('city.1', DEMO_PASSWORD);
    expect(reviewer).toMatch(/^Bearer \S+/);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  }), 900_000);
});
