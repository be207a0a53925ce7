import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import { handInMaterials } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/** Without Redis the queues run on BullMQ's PostgreSQL backend: a case still flows through screening and routing. */
describe('queues on PostgreSQL (no Redis)', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'pgqueues', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, redis: false });
  });
  afterAll(async () => sys?.stop());

  it('screens a case and routes it to its next stage', async () => {
    const server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    const health = await request(server).get('/health').expect(200);
    expect(health.body.info.queues.status).toBe('up');
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, enterprise.username);
    const asR = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const created = await request(server).post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    const task = await waitFor(async () => {
      const res = await request(server).get('/api/v1/tasks').set('Authorization', asR).expect(200);
      return res.body.find((t: { applicationId: string }) => t.applicationId === created.body.id);
    }, 'the acceptance task', 60_000);
    await handInMaterials(sys.dataSource, created.body.id);
    await request(server).post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asR)
      .send({ version: task.version, decision: 'approve', reason: '受理' }).expect(200);
    await waitFor(async () => {
      const tasks: unknown[] = await sys.dataSource.query(
        `SELECT 1 FROM review_tasks WHERE application_id = $1 AND stage = 'formal_review'`, [created.body.id]);
      return tasks.length === 1;
    }, 'the formal review task', 60_000);
  });
});
