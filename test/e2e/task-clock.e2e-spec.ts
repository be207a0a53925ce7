import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/** The queue shows each task's SLA colour and working days left, as the workbench colours them, and its case's promised deadline. */
describe('a task in the queue carries its stage clock', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'taskclock', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('is green with its working days left when new, red with the days overdue after its due day', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const reviewer = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const asE = await login(server, e.username);
    const asR = await login(server, reviewer.username);
    const created = await request(server).post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false, isMaker: false } }).expect(201);
    await waitForTask(server, asR, created.body.id, 'acceptance');
    const fresh = (await request(server).get('/api/v1/tasks').set('Authorization', asR).expect(200)).body
      .find((t: { applicationId: string }) => t.applicationId === created.body.id);
    // 受理 has 2 working days, counted from the day after acceptance.
    expect(fresh).toMatchObject({ colour: 'green', workingDaysLeft: 2 });
    // The case's promised deadline is a clock of its own (15 working days), shown beside the stage's.
    expect(fresh).toMatchObject({ caseWorkingDaysLeft: 15 });
    expect(fresh.caseDueOn > fresh.dueOn).toBe(true);

    sys.travelDays(14);
    const late = await request(server).get('/api/v1/tasks').query({ colour: 'red' }).set('Authorization', asR).expect(200);
    const task = late.body.find((t: { applicationId: string }) => t.applicationId === created.body.id);
    expect(task.colour).toBe('red');
    expect(task.workingDaysLeft).toBeLessThan(0);
    // Late in its stage, not yet for its promise: what the queue's two columns and the dashboard's two counts tell apart.
    expect(task.caseDueOn).toBe(fresh.caseDueOn);
    expect(task.caseWorkingDaysLeft).toBeGreaterThan(0);
  });
});
