import { ALL_QUEUES } from '@app/contracts';
import {
  handInMaterials,
  createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, TestTask, waitFor, waitForTask,
} from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * The desk as a bureau runs it (issue 8, items 1, 4 and 6), end to end against real PostgreSQL and Redis:
 * every exit of a case closes its open work in the same transaction; directors see and reassign every task
 * of their scope, one at a time or all of an absent reviewer's at once; a reviewer cannot claim what they may
 * not decide, and whoever decided a stage of a case cannot resolve an objection to it.
 */
describe('the review desk: exits, leads and the one rule of who may decide', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'deskwork', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 10_000_000_000);
    await createBudgetPool(sys.dataSource, 'rd-subsidy', 2023, 10_000_000_000);
  });
  afterAll(async () => sys?.stop());

  const staff = async (roles: Parameters<typeof createStaff>[1], region: string | null = null) => {
    const s = await createStaff(sys.dataSource, roles, region);
    return { ...s, auth: await login(server, s.username) };
  };
  const decide = (auth: string, task: TestTask, decision: string) =>
    api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
      .send({ version: task.version, decision, reason: `${decision} by the desk` });
  const caseOf = async (auth: string, id: string) =>
    (await api().get(`/api/v1/applications/${id}`).set('Authorization', auth).expect(200)).body;

  async function voucher(region: string) {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: region });
    const asE = await login(server, enterprise.username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
    await handInMaterials(sys.dataSource, created.body.id);
    return { id: created.body.id as string, asE, enterprise };
  }

  describe('item 1: every exit closes the open work of its case', () => {
    it('a withdrawn case takes its claimed task with it: cancelled, gone from every queue, never decided', async () => {
      const reviewer = await staff(['district_reviewer'], '350104');
      const { id, asE } = await voucher('350104');
      const task = await waitForTask(server, reviewer.auth, id, 'acceptance');
      const claimed = await api().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', reviewer.auth)
        .send({ version: task.version }).expect(200);
      await sys.waitForIdle();

      const { version } = await caseOf(asE, id);
      await api().post(`/api/v1/applications/${id}/withdraw`).set('Authorization', asE).send({ version, reason: '不再申请' }).expect(200);
      // In the withdrawal's own transaction: the task is closed and the case no longer counts as running.
      const [row]: { status: string }[] = await sys.dataSource.query('SELECT status FROM review_tasks WHERE id = $1', [task.id]);
      expect(row.status).toBe('cancelled');
      const running: unknown[] = await sys.dataSource.query('SELECT 1 FROM sla_running_clocks WHERE application_id = $1', [id]);
      expect(running).toHaveLength(0);

      for (const scope of ['open', 'mine']) {
        const queue = await api().get(`/api/v1/tasks?scope=${scope}`).set('Authorization', reviewer.auth).expect(200);
        expect(queue.body.map((t: TestTask) => t.applicationId)).not.toContain(id);
      }
      await decide(reviewer.auth, claimed.body, 'approve').expect(409);
      await sys.waitForIdle();
      expect((await caseOf(asE, id)).status).toBe('withdrawn');
    });

    it('a case withdrawn in expert review frees its unscored expert seats', async () => {
      const region = '350105';
      const enterprise = await createEnterprise(sys.dataSource, { regionCode: region, scale: 'above' });
      const asE = await login(server, enterprise.username);
      const [a, b] = [await staff(['district_reviewer'], region), await staff(['district_reviewer'], region)];
      // The panel is drawn from every expert in the database; these three are enough for a panel of three.
      const experts = [await staff(['expert']), await staff(['expert']), await staff(['expert'])];
      const created = await api().post('/api/v1/applications').set('Authorization', asE)
        .send({ program: 'rd-subsidy', year: 2023, facts: { rdExpenseFen: 2_000_000_000, rdExpensePrevFen: 1_000_000_000 } })
        .expect(201);
      const id: string = created.body.id;
      await handInMaterials(sys.dataSource, id);
      await decide(a.auth, await waitForTask(server, a.auth, id, 'acceptance'), 'approve').expect(200);
      await decide(b.auth, await waitForTask(server, b.auth, id, 'formal_review'), 'approve').expect(200);
      await sys.waitForIdle();
      const seats: { id: string; expert_id: string }[] = await sys.dataSource.query(
        'SELECT id, expert_id FROM expert_seats WHERE application_id = $1', [id]);
      expect(seats.length).toBeGreaterThan(0);

      const { version } = await caseOf(asE, id);
      await api().post(`/api/v1/applications/${id}/withdraw`).set('Authorization', asE).send({ version }).expect(200);
      const open: unknown[] = await sys.dataSource.query(
        'SELECT 1 FROM expert_seats WHERE application_id = $1 AND submitted_at IS NULL AND cancelled_at IS NULL', [id]);
      expect(open).toHaveLength(0);
      for (const expert of experts) {
        const mine = await api().get('/api/v1/expert-reviews').set('Authorization', expert.auth).expect(200);
        expect(mine.body.map((s: { applicationId: string }) => s.applicationId)).not.toContain(id);
      }
    });
  });

  describe('item 4: directors see and reassign every task of their scope', () => {
    it('a director sees a review task and hands it to a colleague; an administrator sees the queue', async () => {
      const region = '350121';
      const director = await staff(['director']);
      const admin = await staff(['administrator']);
      const [first, second] = [await staff(['district_reviewer'], region), await staff(['district_reviewer'], region)];
      const { id } = await voucher(region);
      const task = await waitForTask(server, first.auth, id, 'acceptance');
      await api().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', first.auth).send({ version: task.version }).expect(200);

      const all = await api().get('/api/v1/tasks?scope=all').set('Authorization', director.auth).expect(200);
      expect(all.body.map((t: TestTask) => t.id)).toContain(task.id);
      const seen = await api().get(`/api/v1/tasks/${task.id}`).set('Authorization', director.auth).expect(200);
      expect(seen.body).toMatchObject({ status: 'claimed', assigneeId: first.accountId });
      await api().get(`/api/v1/tasks/${task.id}`).set('Authorization', admin.auth).expect(200);
      const adminQueue = await api().get('/api/v1/tasks?scope=all').set('Authorization', admin.auth).expect(200);
      expect(adminQueue.body.map((t: TestTask) => t.id)).toContain(task.id);

      // Seeing is not deciding: the director holds no district reviewer's role.
      const denied = await api().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', director.auth)
        .send({ version: seen.body.version }).expect(403);
      expect(denied.body.message).toBe('this task is for the role district_reviewer');
      await decide(director.auth, seen.body, 'approve').expect(403);

      const moved = await api().post(`/api/v1/tasks/${task.id}/assign`).set('Authorization', director.auth)
        .send({ version: seen.body.version, assigneeId: second.accountId }).expect(200);
      expect(moved.body).toMatchObject({ status: 'claimed', assigneeId: second.accountId });
      const mine = await api().get('/api/v1/tasks?scope=mine').set('Authorization', second.auth).expect(200);
      expect(mine.body.map((t: TestTask) => t.id)).toContain(task.id);
    });

    it("moves all of an absent reviewer's tasks at once, audited; what the colleague may not take goes back to the queue", async () => {
      const region = '350122';
      const director = await staff(['director']);
      const [absent, colleague] = [await staff(['district_reviewer'], region), await staff(['district_reviewer'], region)];
      const cases = [await voucher(region), await voucher(region), await voucher(region)];
      const taskIds: string[] = [];
      for (const c of cases) {
        const t = await waitForTask(server, absent.auth, c.id, 'acceptance');
        await api().post(`/api/v1/tasks/${t.id}/claim`).set('Authorization', absent.auth).send({ version: t.version }).expect(200);
        taskIds.push(t.id);
      }
      // The colleague declared a conflict with the third enterprise: that task cannot be theirs.
      await sys.dataSource.query('UPDATE accounts SET conflict_enterprise_ids = $2 WHERE id = $1', [
        colleague.accountId, [cases[2].enterprise.enterpriseId],
      ]);

      await api().post('/api/v1/tasks/reassignments').set('Authorization', director.auth)
        .send({ fromAssigneeId: absent.accountId, toAssigneeId: colleague.accountId }).expect(400);
      await api().post('/api/v1/tasks/reassignments').set('Authorization', colleague.auth)
        .send({ fromAssigneeId: absent.accountId, toAssigneeId: colleague.accountId, reason: '休假' }).expect(403);
      const res = await api().post('/api/v1/tasks/reassignments').set('Authorization', director.auth)
        .send({ fromAssigneeId: absent.accountId, toAssigneeId: colleague.accountId, reason: '年休假 12月1日至12日' }).expect(200);
      expect(res.body.moved.map((m: { taskId: string }) => m.taskId).sort()).toEqual(taskIds.slice(0, 2).sort());
      expect(res.body.released).toEqual([expect.objectContaining({ taskId: taskIds[2], reason: expect.stringContaining('conflict') })]);

      const rows: { id: string; status: string; assignee_id: string | null }[] = await sys.dataSource.query(
        'SELECT id, status, assignee_id FROM review_tasks WHERE id = ANY($1::uuid[])', [taskIds]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(byId.get(taskIds[0])).toMatchObject({ status: 'claimed', assignee_id: colleague.accountId });
      expect(byId.get(taskIds[2])).toMatchObject({ status: 'open', assignee_id: null });
      const audit: { action: string }[] = await sys.dataSource.query(
        `SELECT action FROM audit_log WHERE action LIKE 'task.%' AND data->>'reason' = '年休假 12月1日至12日'`);
      expect(audit.filter((a) => a.action === 'task.reassigned')).toHaveLength(3);
      const none = await api().get('/api/v1/tasks?scope=mine').set('Authorization', absent.auth).expect(200);
      expect(none.body).toHaveLength(0);
    });
  });

  describe('item 6: the rule of who may decide also says who may claim and resolve', () => {
    it('refuses the claim of a reviewer who decided an earlier stage, with the decision’s own message', async () => {
      const region = '350123';
      const reviewer = await staff(['district_reviewer'], region);
      const other = await staff(['district_reviewer'], region);
      const { id } = await voucher(region);
      await decide(reviewer.auth, await waitForTask(server, reviewer.auth, id, 'acceptance'), 'approve').expect(200);
      const next = await waitForTask(server, reviewer.auth, id, 'formal_review');
      const decision = await decide(reviewer.auth, next, 'approve').expect(403);
      const claim = await api().post(`/api/v1/tasks/${next.id}/claim`).set('Authorization', reviewer.auth)
        .send({ version: next.version }).expect(403);
      expect(claim.body.message).toBe(decision.body.message);
      // The colleague may claim it, and the director cannot hand it back to the barred reviewer.
      const director = await staff(['director']);
      const handBack = await api().post(`/api/v1/tasks/${next.id}/assign`).set('Authorization', director.auth)
        .send({ version: next.version, assigneeId: reviewer.accountId }).expect(400);
      expect(handBack.body.fields[0]).toMatchObject({ field: 'assigneeId', message: expect.stringContaining(decision.body.message) });
      await api().post(`/api/v1/tasks/${next.id}/claim`).set('Authorization', other.auth).send({ version: next.version }).expect(200);
    });

    it('refuses the claim of a reviewer who declared a conflict after the task reached the queue', async () => {
      const region = '350124';
      const reviewer = await staff(['district_reviewer'], region);
      const { id, enterprise } = await voucher(region);
      const task = await waitForTask(server, reviewer.auth, id, 'acceptance');
      await api().post('/api/v1/conflicts').set('Authorization', reviewer.auth)
        .send({ creditCode: enterprise.username, reason: '亲属任职' }).expect(201);
      const claim = await api().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', reviewer.auth).send({ version: task.version });
      expect([403, 404]).toContain(claim.status);
      const [row]: { status: string }[] = await sys.dataSource.query('SELECT status FROM review_tasks WHERE id = $1', [task.id]);
      expect(row.status).toBe('open');
    });

    it('the reviewer who approved the recheck cannot resolve an objection to the same case', async () => {
      const region = '350125';
      const a = await staff(['district_reviewer'], region);
      const b = await staff(['district_reviewer'], region);
      const city = await staff(['city_reviewer']);
      const otherCity = await staff(['city_reviewer']);
      const { id } = await voucher(region);
      await decide(a.auth, await waitForTask(server, a.auth, id, 'acceptance'), 'approve').expect(200);
      await decide(b.auth, await waitForTask(server, b.auth, id, 'formal_review'), 'approve').expect(200);
      await decide(city.auth, await waitForTask(server, city.auth, id, 'recheck'), 'approve').expect(200);
      await waitFor(async () => (await caseOf(city.auth, id)).status === 'public_notice', 'the notice');
      await api().post(`/api/v1/notices/${id}/objections`)
        .send({ filedBy: '王某', contact: '13800000000', reason: '该企业服务合同存在关联交易' }).expect(201);
      const [objection]: { id: string }[] = await sys.dataSource.query('SELECT id FROM objections WHERE application_id = $1', [id]);

      const refused = await api().post(`/api/v1/objections/${objection.id}/resolution`).set('Authorization', city.auth)
        .send({ upheld: false, reason: '经核查不属实' }).expect(403);
      expect(refused.body.message).toBe('you already decided a step of this case (four eyes)');
      const [still]: { status: string }[] = await sys.dataSource.query('SELECT status FROM objections WHERE id = $1', [objection.id]);
      expect(still.status).toBe('open');
      await api().post(`/api/v1/objections/${objection.id}/resolution`).set('Authorization', otherCity.auth)
        .send({ upheld: false, reason: '经核查不属实' }).expect(200);
    });
  });
});
