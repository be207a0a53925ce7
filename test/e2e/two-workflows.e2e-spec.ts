import { readFileSync } from 'node:fs';
import { JobName, QueueName } from '@app/contracts';
import { createEnterprise, createStaff, login, spawnWorkflow, startTestSystem, TestEnterprise, TestSystem, waitFor, WorkflowProcess } from '@app/testing';
import { handInMaterials } from '@app/testing';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { SlaModule } from '../../apps/sla/src/sla.module';

const CASES = 200;
const REGION = '350102';

/** Runs `fn` over `items`, at most `limit` at a time, and returns the results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * Two separate `workflow` processes (each with its workers and its outbox relay) against one database and one
 * Redis, while 200 innovation-voucher cases flow through screening, acceptance and into formal review. This
 * process runs the API, the SLA and notifier workers, and no relay: the two children share the workflow queue
 * and compete for the outbox (SKIP LOCKED). Every step must have happened exactly once.
 */
describe('two workflow processes, 200 cases', () => {
  let sys: TestSystem;
  let server: unknown;
  const workflows: WorkflowProcess[] = [];

  const api = () => request(server as Parameters<typeof request>[0]);
  const outputs = () => workflows.map((w) => w.output()).join('\n');
  const q = <T>(sql: string, params: unknown[] = []): Promise<T[]> => sys.dataSource.query(sql, params);

  beforeAll(async () => {
    sys = await startTestSystem({
      label: 'two-workflows',
      modules: [ApiModule, SlaModule, NotifierModule],
      consume: [QueueName.Sla, QueueName.Alarms, QueueName.Notifier],
      relay: false,
      env: { RATE_LIMITS: 'false' },
    });
    server = sys.http.getHttpServer();
    // B keeps its priority (BACKGROUND_NICE=0); A takes the default. Both take jobs as they come
    // (WORKFLOW_SPILL_OVER=false): the race this checks at every step, where with spill-over a standby races the
    // lead only once the lead falls behind (test/integration/spill-over.spec.ts).
    const race = { WORKFLOW_SPILL_OVER: 'false' };
    workflows.push(spawnWorkflow(sys, 'A', race), spawnWorkflow(sys, 'B', { ...race, BACKGROUND_NICE: '0' }));
    const queue = sys.queues.queue(QueueName.Workflow);
    // Each child compiles the workflow app with ts-node before it connects: minutes on a loaded 2-core machine.
    try {
      await waitFor(async () => {
        const dead = workflows.find((w) => w.exited());
        if (dead) throw new Error(`a workflow process exited before it was ready`);
        const names = (await queue.getWorkers()).map((w) => String(w.rawname ?? ''));
        return workflows.every((w) => names.some((n) => n.endsWith(`:w:${w.name}`)));
      }, 'both workflow processes to connect their workers', 180_000);
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${outputs()}`);
    }
  }, 210_000);

  afterAll(async () => {
    await Promise.all(workflows.map((w) => w.stop()));
    process.stdout.write(`two-workflows: ${workflows.map((w) => w.summary()).join('; ')}\n`);
    await sys?.stop();
  }, 60_000);

  it('runs a background process below the requests: niceness BACKGROUND_NICE (10 unless set) once started', async () => {
    // Field 19 of /proc/<pid>/stat: the niceness of the process's main thread, where its JavaScript runs.
    const niceness = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[16]);
    // A child starts at its parent's niceness: this test's, 0 unless the runner itself was started under `nice`.
    const own = niceness(process.pid);
    await waitFor(async () => niceness(workflows[0].child.pid!) === Math.max(own, 10), 'workflow A to lower its priority to niceness 10', 30_000);
    expect(niceness(workflows[1].child.pid!)).toBe(own);
  });

  it('moves every case through each step exactly once, with both processes doing work', async () => {
    const started = Date.now();
    const phases: string[] = [];
    const phase = (what: string) => phases.push(`${what} ${((Date.now() - started) / 1000).toFixed(1)} s`);
    try {
      // 200 enterprises of one district, each with a token of its own. Tokens are signed by the API's own
      // JwtService: 200 bcrypt logins would cost more CPU than the rest of the test (the guard still checks each).
      const jwt = sys.running.app.get(JwtService, { strict: false });
      const enterprises = await mapLimit(Array.from({ length: CASES }), 10, () => createEnterprise(sys.dataSource, { regionCode: REGION }));
      const tokens = await Promise.all(
        enterprises.map(async (e: TestEnterprise) => `Bearer ${await jwt.signAsync({ sub: e.accountId, tv: 0 })}`),
      );
      // Two reviewers of the district: one accepts every case, the other is left for the formal review.
      const reviewer = await createStaff(sys.dataSource, ['district_reviewer'], REGION);
      await createStaff(sys.dataSource, ['district_reviewer'], REGION);
      const asReviewer = await login(server, reviewer.username);
      phase('accounts');

      // Each applies over HTTP, twenty at a time.
      const ids = await mapLimit(enterprises, 20, async (_e, i) => {
        const res = await api()
          .post('/api/v1/applications')
          .set('Authorization', tokens[i])
          .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false } });
        if (res.status !== 201) throw new Error(`submission ${i} answered ${res.status}: ${JSON.stringify(res.body)}`);
        return res.body.id as string;
      });
      expect(new Set(ids).size).toBe(CASES);
      phase('submitted');

      // Screening and the acceptance task are the workflow processes' work.
      await waitFor(async () => {
        const [{ n }] = await q<{ n: string }>(
          `SELECT count(*) AS n FROM applications a
            WHERE a.status = 'acceptance'
              AND EXISTS (SELECT 1 FROM review_tasks t WHERE t.application_id = a.id AND t.stage = 'acceptance' AND t.status = 'open')`,
        );
        return Number(n) === CASES;
      }, `all ${CASES} cases to be screened and have an acceptance task`, 90_000);
      phase('screened');

      // A district reviewer accepts every case over HTTP, twenty at a time.
      const listed = await api().get('/api/v1/tasks').query({ stage: 'acceptance', limit: 500 }).set('Authorization', asReviewer).expect(200);
      const tasks = (listed.body as { id: string; applicationId: string; stage: string; version: number }[]).filter(
        (t) => t.stage === 'acceptance',
      );
      expect(tasks).toHaveLength(CASES);
      expect(new Set(tasks.map((t) => t.applicationId))).toEqual(new Set(ids));
      for (const id of ids) await handInMaterials(sys.dataSource, id);
      await mapLimit(tasks, 20, async (task) => {
        const res = await api()
          .post(`/api/v1/tasks/${task.id}/decision`)
          .set('Authorization', asReviewer)
          .send({ version: task.version, decision: 'approve', reason: '受理' });
        if (res.status !== 200) throw new Error(`decision on ${task.id} answered ${res.status}: ${JSON.stringify(res.body)}`);
      });
      phase('accepted');

      // Routing into formal review is the workflow processes' work again.
      await waitFor(async () => {
        const [{ n }] = await q<{ n: string }>(
          `SELECT count(DISTINCT application_id) AS n FROM review_tasks WHERE stage = 'formal_review' AND status = 'open'`,
        );
        return Number(n) === CASES;
      }, `all ${CASES} cases to have a formal review task`, 90_000);
      phase('routed');
      await sys.waitForIdle(60_000);
      phase('idle');
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${outputs()}`);
    }

    // Each case: open, screened, approve; nothing twice, nothing missing.
    const cases = await q<{ id: string; status: string; version: number; eligible: boolean; amount_fen: string }>(
      'SELECT id, status, version, eligible, amount_fen FROM applications',
    );
    expect(cases).toHaveLength(CASES);
    for (const c of cases) {
      expect({ status: c.status, version: c.version, eligible: c.eligible, amount: Number(c.amount_fen) }).toEqual({
        status: 'formal_review', version: 3, eligible: true, amount: 5_000_000,
      });
    }
    const histories = await q<{ application_id: string; steps: string }>(
      `SELECT application_id, string_agg(seq || ':' || action || '>' || to_status, ',' ORDER BY seq) AS steps
         FROM transitions GROUP BY application_id`,
    );
    expect(histories).toHaveLength(CASES);
    const shapes = new Set(histories.map((h) => h.steps));
    expect([...shapes]).toEqual(['1:open>submitted,2:screened>acceptance,3:approve>formal_review']);
    const [{ screened }] = await q<{ screened: string }>(`SELECT count(*) AS screened FROM transitions WHERE action = 'screened'`);
    expect(Number(screened)).toBe(CASES);

    // One task per case and stage: the acceptance task decided, the formal review task open.
    const perStage = await q<{ application_id: string; stage: string; n: string; statuses: string }>(
      `SELECT application_id, stage, count(*) AS n, string_agg(status, ',') AS statuses FROM review_tasks GROUP BY 1, 2`,
    );
    expect(perStage).toHaveLength(2 * CASES);
    expect(perStage.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(perStage.filter((r) => r.stage === 'acceptance' && r.statuses === 'done')).toHaveLength(CASES);
    expect(perStage.filter((r) => r.stage === 'formal_review' && r.statuses === 'open')).toHaveLength(CASES);

    // Each transition wrote its audit row, clock events and the enterprise's message once.
    const audits = await q<{ n: string }>(
      `SELECT count(*) AS n FROM audit_log WHERE stream LIKE 'application:%' GROUP BY stream`,
    );
    expect(audits).toHaveLength(CASES);
    expect(audits.filter((a) => Number(a.n) !== 3)).toEqual([]);
    const clocks = await q<{ events: string }>(
      `SELECT string_agg(clock || ':' || type, ',' ORDER BY id) AS events FROM clock_events GROUP BY application_id`,
    );
    expect(clocks).toHaveLength(CASES);
    expect(new Set(clocks.map((c) => c.events)).size).toBe(1);
    const messages = await q<{ n: string }>(
      `SELECT count(n.id) AS n FROM transitions t
         JOIN applications a ON a.id = t.application_id
         JOIN accounts acc ON acc.enterprise_id = a.enterprise_id
         LEFT JOIN notifications n ON n.source_id = t.id::text AND n.account_id = acc.id
        GROUP BY t.id`,
    );
    expect(messages).toHaveLength(3 * CASES);
    expect(messages.filter((m) => Number(m.n) !== 1)).toEqual([]);
    // The notifier (here) tells the reviewer of each new task, which the workflow processes create: its job waits
    // for the task by failing and being retried with backoff, so wait for the notifier queue to drain, delays too.
    const notifier = sys.queues.queue(QueueName.Notifier);
    await waitFor(async () => {
      const c = await notifier.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return c.waiting + c.active + c.delayed + c.prioritized === 0;
    }, 'the notifier queue to drain (retries included)', 60_000);
    const told = await q<{ stage: string; n: string }>(
      `SELECT t.stage, count(n.id) AS n FROM review_tasks t
         LEFT JOIN notifications n ON n.source_id = t.id::text AND n.kind = 'task.created'
        GROUP BY t.id, t.stage`,
    );
    expect(told).toHaveLength(2 * CASES);
    // Both reviewers of the district were told of each acceptance task; of each formal review task only the one
    // who did not accept the case (four eyes bars the other).
    expect(told.filter((t) => t.stage === 'acceptance' && Number(t.n) !== 2)).toEqual([]);
    expect(told.filter((t) => t.stage === 'formal_review' && Number(t.n) !== 1)).toEqual([]);

    // The outbox is published, and each workflow row became exactly one job, completed by one of the children.
    const outbox = await q<{ id: string; queue: string; job_name: string; published: boolean }>(
      'SELECT id, queue, job_name, published_at IS NOT NULL AS published FROM outbox',
    );
    expect(outbox.filter((r) => !r.published)).toEqual([]);
    const workflowRows = outbox.filter((r) => r.queue === QueueName.Workflow);
    expect(workflowRows.filter((r) => r.job_name === JobName.ScreenApplication)).toHaveLength(CASES);
    // Each stage's task was made by the transition that entered it (screening, the acceptance decision): no stage jobs.
    expect(workflowRows.filter((r) => r.job_name !== JobName.ScreenApplication)).toEqual([]);
    const queue = sys.queues.queue(QueueName.Workflow);
    const completed = (await queue.getJobs(['completed'], 0, -1)).filter((j) => j);
    expect(completed.map((j) => j.id).sort()).toEqual(workflowRows.map((r) => `ob-${r.id}`).sort());
    const by = new Map<string, number>();
    for (const job of completed) by.set(job.processedBy ?? '(none)', (by.get(job.processedBy ?? '(none)') ?? 0) + 1);
    expect([...by.keys()].sort()).toEqual(workflows.map((w) => w.name).sort());
    // attemptsMade counts the successful attempt too; a job started more than once was redelivered (a retry or a
    // stalled lock). That is allowed (at-least-once delivery); its effects were checked above to be once only.
    const redelivered = completed.filter((j) => j.attemptsStarted > 1 || j.attemptsMade > 1);
    // Each handler did its work on its first run: screening found every case eligible ('moved on' is what a
    // redelivered screening would say, and only it may).
    const unexpected = completed.filter((j) => j.returnvalue !== 'eligible' && !(j.returnvalue === 'moved on' && redelivered.includes(j)));
    expect(unexpected.map((j) => `${j.name}#${j.id} by ${j.processedBy}: ${JSON.stringify(j.returnvalue)}`)).toEqual([]);

    for (const name of [QueueName.Workflow, QueueName.Sla, QueueName.Notifier]) {
      const counts = await sys.queues.queue(name).getJobCounts('failed');
      expect({ queue: name, failed: counts.failed }).toEqual({ queue: name, failed: 0 });
    }
    expect(workflows.filter((w) => w.exited()).map((w) => w.output())).toEqual([]);

    process.stdout.write(
      `two-workflows: ${CASES} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; workflow jobs by process: ` +
        `${[...by].map(([k, v]) => `${k}=${v}`).join(', ')}; redelivered: ${redelivered.length ? redelivered.map((j) => `${j.name}#${j.id}`).join(', ') : 'none'}; ` +
        `${phases.join(', ')}\n`,
    );
  }, 180_000);
});
