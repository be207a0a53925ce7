import { ALL_QUEUES, JobName, QueueName } from '@app/contracts';
import { caseAt, createEnterprise, createStaff, login, PrivateRedis, startRedis, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import { handInMaterials } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Faults from docs/RELIABILITY.md that run in a test's time: duplicate submissions (F5), poison jobs (F9) and work
 * Redis lost after the relay published it (F2: a FLUSHALL of the test's own Redis), which the sweep's reconciler
 * finds from PostgreSQL alone.
 */
describe('faults', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const voucher = { program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false } };

  // A Redis of this test's own, which F2 flushes.
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startRedis();
    sys = await startTestSystem({ label: 'faults', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, redisUrl: redis.url });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => {
    await sys?.stop();
    redis?.stop();
  });

  it('F5: the same Idempotency-Key twenty times at once makes one case; fresh keys for the same body get 409; a key reused with another body 422', async () => {
    const e = await createEnterprise(sys.dataSource);
    const auth = await login(server, e.username);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => api().post('/api/v1/applications').set('Authorization', auth).set('Idempotency-Key', 'submit-0001').send(voucher)),
    );
    expect(answers.every((r) => r.status === 201 || r.status === 200)).toBe(true);
    expect(new Set(answers.map((r) => r.body.id)).size).toBe(1);
    expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
    await api().post('/api/v1/applications').set('Authorization', auth).set('Idempotency-Key', 'submit-0002').send(voucher).expect(409);
    // A key reused for a different request is refused, not answered with the first case.
    await api().post('/api/v1/applications').set('Authorization', auth).set('Idempotency-Key', 'submit-0001')
      .send({ ...voucher, year: 2023 }).expect(422);
    const rows: unknown[] = await sys.dataSource.query('SELECT 1 FROM applications WHERE enterprise_id = $1', [e.enterpriseId]);
    expect(rows).toHaveLength(1);
  });

  it('F9: poison jobs fail for good with their reason, once, and the others go on', async () => {
    const queue = sys.queues.queue(QueueName.Workflow);
    const malformed = await queue.add(JobName.ScreenApplication, { applicationId: 42 }, { jobId: 'poison-1' });
    const unknown = await queue.add('no-such-job', {}, { jobId: 'poison-2' });
    const missing = await queue.add(JobName.ScreenApplication, { applicationId: '00000000-0000-4000-8000-000000000000' }, { jobId: 'poison-3' });
    // A string, but not a UUID: the job's schema refuses it before any SQL could.
    const notUuid = await queue.add(JobName.ScreenApplication, { applicationId: 'not-a-uuid' }, { jobId: 'poison-4' });
    const notifier = sys.queues.queue(QueueName.Notifier);
    const extra = await notifier.add(JobName.NotifyTransition, { transitionId: '00000000-0000-4000-8000-000000000000', debug: true }, { jobId: 'poison-5' });
    const e = await createEnterprise(sys.dataSource);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username)).send(voucher).expect(201);
    await waitFor(async () => (await queue.getJobCounts('failed')).failed >= 4, 'the poison jobs to fail');
    await waitFor(async () => (await notifier.getJobCounts('failed')).failed >= 1, 'the notifier poison job to fail');
    const failed = [
      ...(await Promise.all([malformed, unknown, missing, notUuid].map((j) => queue.getJob(j.id!)))),
      await notifier.getJob(extra.id!),
    ];
    expect(failed.map((j) => j?.failedReason)).toEqual([
      expect.stringMatching(/malformed payload.*applicationId/),
      expect.stringMatching(/unknown job name/),
      expect.stringMatching(/not found/),
      expect.stringMatching(/malformed payload for screen-application: applicationId: Invalid/),
      expect.stringMatching(/malformed payload for notify-transition: debug/),
    ]);
    expect(failed.map((j) => j?.attemptsMade)).toEqual([1, 1, 1, 1, 1]);
    await waitFor(async () => {
      const [row]: { status: string }[] = await sys.dataSource.query('SELECT status FROM applications WHERE id = $1', [created.body.id]);
      return row.status === 'acceptance';
    }, 'the healthy case to be screened');
  });

  it('F2: work Redis lost (a screening, an expert panel\'s stage entry) is found from PostgreSQL and done', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const workflow = sys.queues.queue(QueueName.Workflow);
    /** The workflow falls behind (paused) until `name` for the case waits in Redis; then Redis loses everything. */
    const loseQueued = async (name: JobName, applicationId: string) => {
      await waitFor(async () => {
        const jobs = await workflow.getJobs(['waiting', 'wait']);
        return jobs.some((j) => j?.name === name && (j.data as { applicationId?: string }).applicationId === applicationId);
      }, `${name} to wait in Redis`);
      redis.flushAll();
      expect(await workflow.getJobCounts('waiting', 'wait')).toEqual({ waiting: 0, wait: 0 });
      // Time passes: the reconciler looks at cases untouched for a while.
      await sys.dataSource.query(`UPDATE applications SET updated_at = now() - interval '5 minutes' WHERE id = $1`, [applicationId]);
    };

    // A case whose screening job the relay published, and Redis then lost (FLUSHALL clears the pause too).
    await workflow.pause();
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username)).send(voucher).expect(201);
    const lost = created.body.id as string;
    await loseQueued(JobName.ScreenApplication, lost);
    const task = await waitForTask(server, reviewer, lost, 'acceptance');
    await handInMaterials(sys.dataSource, lost);

    // A review stage's task is made in the transaction of the decision that enters it: nothing in Redis to lose.
    await workflow.pause();
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', reviewer)
      .send({ version: task.version, decision: 'approve', reason: '受理' }).expect(200);
    const made: unknown[] = await sys.dataSource.query(
      `SELECT 1 FROM review_tasks WHERE application_id = $1 AND stage = 'formal_review' AND status = 'open'`, [lost]);
    expect(made).toHaveLength(1);
    await workflow.resume();

    // An expert panel is drawn by its stage's job: one Redis lost is found from PostgreSQL and drawn.
    await Promise.all([1, 2, 3].map(() => createStaff(sys.dataSource, ['expert'])));
    const rd = await createEnterprise(sys.dataSource, { regionCode: '350102', scale: 'above' });
    const rdCase = await caseAt(sys, 'rd-subsidy', 2023, 160_000_000, 'formal_review', rd.enterpriseId);
    const formal = await waitForTask(server, reviewer, rdCase, 'formal_review');
    await workflow.pause();
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', reviewer)
      .send({ version: formal.version, decision: 'approve', reason: '初审通过' }).expect(200);
    await loseQueued(JobName.EnterStage, rdCase);
    await waitFor(async () => {
      const seats: unknown[] = await sys.dataSource.query('SELECT 1 FROM expert_seats WHERE application_id = $1', [rdCase]);
      return seats.length === 3;
    }, 'the expert panel to be drawn from PostgreSQL');
  });
});
