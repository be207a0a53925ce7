import { JobName, QueueName } from '@app/contracts';
import { createEnterprise, login, spawnWorkflow, startTestSystem, TestSystem, waitFor, workflowConnected, WorkflowProcess } from '@app/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { NotifierModule } from '../../apps/notifier/src/notifier.module';
import { SlaModule } from '../../apps/sla/src/sla.module';

const CASES = 40;

/**
 * F1: the only workflow process is killed with -9 while it holds a job (a screening waiting on a row another
 * session holds, so the kill provably lands mid-job); a new one starts. Every case is screened and routed, each step once: the outbox rolls back what was not
 * published, BullMQ hands the dead worker's jobs to the new one when their lock lapses, and the handlers'
 * compare-and-set and natural keys make a second run a no-op.
 */
describe('a workflow process killed mid-flow', () => {
  let sys: TestSystem;
  const workflows: WorkflowProcess[] = [];
  const env = { WORKER_LOCK_MS: '2000', WORKER_CONCURRENCY: '4' };

  beforeAll(async () => {
    sys = await startTestSystem({
      label: 'crash', modules: [ApiModule, SlaModule, NotifierModule], consume: [QueueName.Sla, QueueName.Alarms, QueueName.Notifier], relay: false,
    });
  });
  afterAll(async () => {
    await Promise.all(workflows.map((w) => w.stop()));
    await sys?.stop();
  });

  const screened = async (): Promise<number> => {
    // Exactly one screening per case is asserted below; this counts the cases screened so far.
    const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM transitions WHERE action = 'screened'`);
    return Number(n);
  };

  it('loses nothing and does nothing twice', async () => {
    const server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    // Every case is submitted before any workflow process runs: their outbox rows wait for its relay.
    const enterprises = await Promise.all(Array.from({ length: CASES }, () => createEnterprise(sys.dataSource, { regionCode: '350102' })));
    const ids: string[] = [];
    for (const e of enterprises) {
      const res = await request(server).post('/api/v1/applications').set('Authorization', await login(server, e.username))
        .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
      ids.push(res.body.id);
    }
    // One case's row is held, so the first process's screening of it waits, active, in that process.
    const held = ids[CASES - 1];
    const holder = new Client({ connectionString: sys.databaseUrl });
    // Should the test fail while it holds the row, the database's drop ends this session: not an unhandled error.
    holder.on('error', () => undefined);
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [held]);

    const first = spawnWorkflow(sys, 'first', env);
    workflows.push(first);
    // Under ts-node on a busy machine the start alone can take a minute or two; the job follows in seconds.
    await workflowConnected(sys, first, 180_000);
    const queue = sys.queues.queue(QueueName.Workflow);
    const holding = await waitFor(async () => {
      const active = await queue.getJobs(['active']);
      return active.find((j) => j?.name === JobName.ScreenApplication && j.data.applicationId === held && j.processedBy === first.name);
    }, 'the first process to be screening the held case', 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output()}`);
    });
    await first.kill();
    await holder.query('ROLLBACK');
    await holder.end();
    // The crash took a job with it: the held case was not screened by the first process (and could not be by
    // anyone else yet); a kill of an idle process would prove nothing.
    const [{ n: heldScreened }]: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM transitions WHERE application_id = $1 AND action = 'screened'`, [held]);
    expect(heldScreened).toBe('0');
    expect({ by: holding.processedBy, state: await (await queue.getJob(holding.id!))?.getState() }).toEqual({ by: first.name, state: 'active' });

    const second = spawnWorkflow(sys, 'second', env);
    workflows.push(second);
    await workflowConnected(sys, second, 180_000);
    await waitFor(async () => (await screened()) === CASES, 'every case to be screened', 90_000);
    // The dead process's job ran again, in the second process, once its lock lapsed (on a busy machine the
    // reconciler may have screened the case first: the job then completes finding nothing to do).
    const redone = async () => {
      const job = await queue.getJob(holding.id!);
      return { by: job?.processedBy, state: await job?.getState() };
    };
    await waitFor(async () => (await redone()).state === 'completed', 'the dead process’s job to be done again', 60_000).catch(() => undefined);
    expect(await redone()).toEqual({ by: second.name, state: 'completed' });
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM review_tasks WHERE stage = 'acceptance'`);
      return Number(n) === CASES;
    }, 'every acceptance task', 60_000);

    const perCase: { id: string; screened: string; tasks: string; transitions: string }[] = await sys.dataSource.query(
      `SELECT a.id,
              (SELECT count(*) FROM transitions t WHERE t.application_id = a.id AND t.action = 'screened') AS screened,
              (SELECT count(*) FROM review_tasks r WHERE r.application_id = a.id) AS tasks,
              (SELECT count(*) FROM transitions t WHERE t.application_id = a.id) AS transitions
         FROM applications a WHERE a.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(perCase).toHaveLength(CASES);
    expect(perCase.filter((c) => c.screened !== '1' || c.tasks !== '1' || c.transitions !== '2')).toEqual([]);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL AND run_at <= now()');
      return Number(n) === 0;
    }, 'the outbox to be published');
    const failed = await sys.queues.queue(QueueName.Workflow).getJobs(['failed']);
    expect(failed.filter((j) => j && j.name !== JobName.SweepClocks).map((j) => `${j.name}: ${j.failedReason}`)).toEqual([]);
  }, 540_000);
});
