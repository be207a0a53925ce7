import { ALL_QUEUES } from '@app/contracts';
import { addCalendarDays, CaseStatus, chineseWorkingDayCalendar, makeUscc } from '@app/domain';
import { CaseTransitions, SYSTEM_ACTOR } from '@app/persistence';
import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * What the enterprise and the reviewers read: messages in their own language (zh-CN unless they prefer English)
 * naming the case — its number, program and enterprise — and what to do by when; the 补正 items one by one with
 * the answer deadline; the offer's confirmation deadline, found by an enterprise that opens its account after the
 * import; an expected 办结 day that counts the 公示; objections in the case's timeline and inbox.
 */
describe('deadlines and messages the enterprise can act on', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  type Message = { applicationId: string; kind: string; message: string };
  const inbox = async (auth: string, id: string): Promise<Message[]> =>
    ((await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as Message[]).filter((m) => m.applicationId === id);
  const lastMinute = (iso: string) => new Date(Date.parse(iso) - 60_000 + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'enterprise_messages', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('names the case and the deadline, in each reader’s language, and lists the 补正 items one by one', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const [{ name }]: { name: string }[] = await sys.dataSource.query('SELECT name FROM enterprises WHERE id = $1', [e.enterpriseId]);
    const asE = await login(server, e.username);
    const asZh = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const asEn = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    expect((await api().get('/api/v1/account/preferences').set('Authorization', asEn).expect(200)).body).toEqual({ language: 'zh-CN', email: null, emailAvailable: false });
    const bad = await api().patch('/api/v1/account/preferences').set('Authorization', asEn).send({ language: 'fr' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['language']);
    await api().patch('/api/v1/account/preferences').set('Authorization', asEn).send({ language: 'en' }).expect(200);

    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    // From the one sequence of all cases: unique by construction, and the same in the answer, the view and every message.
    expect(created.body.caseNumber).toMatch(/^2024-\d{8}$/);
    const number: string = created.body.caseNumber;
    const other = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const second = await api().post('/api/v1/applications').set('Authorization', await login(server, other.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 1_000_000, relatedParty: false } }).expect(201);
    expect(Number(second.body.caseNumber.slice(5))).toBeGreaterThan(Number(number.slice(5)));
    expect((await inbox(asE, id)).find((m) => m.kind === 'case.submitted')?.message).toContain(number);
    const task = await waitForTask(server, asZh, id, 'acceptance');
    // The reviewer's queue names the case by the number the reviewer's message names.
    expect(task.caseNumber).toBe(number);
    // The task comes with screening's transaction; the running clocks the forecast reads come with its arming.
    await sys.waitForIdle();

    // 办结 follows the stages ahead (2 + 5 + 5 working days at their limits, no history yet) and 7 days of 公示.
    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', asE).expect(200);
    expect(view.body.caseNumber).toBe(number);
    const today = sys.time.today();
    expect(view.body.expectedCompletionOn).toBe(addCalendarDays(chineseWorkingDayCalendar().addWorkingDays(today, 12), 8));

    await waitFor(async () => (await inbox(asEn, id)).some((m) => m.kind === 'task.created'), 'the English reviewer’s message');
    const [zh] = (await inbox(asZh, id)).filter((m) => m.kind === 'task.created');
    expect(zh.message).toContain(number);
    expect(zh.message).toContain('科技创新券补助');
    expect(zh.message).toContain(name);
    expect(zh.message).toContain('受理');
    const [{ due_on: dueOn }]: { due_on: string }[] = await sys.dataSource.query(
      `SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM review_tasks WHERE id = $1`, [task.id],
    );
    expect(zh.message).toContain(dueOn);
    expect(zh.message).not.toMatch(/waits for your|innovation-voucher/);
    const [en] = (await inbox(asEn, id)).filter((m) => m.kind === 'task.created');
    expect(en.message).toContain('Innovation voucher post-subsidy');
    expect(en.message).toContain(number);
    expect(en.message).toContain(dueOn);

    const items = ['加盖公章的技术服务合同', '服务费用发票原件'];
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asZh)
      .send({ version: task.version, decision: 'return', reason: '材料不全', missingItems: items }).expect(200);
    const returned = await api().get(`/api/v1/applications/${id}`).set('Authorization', asE).expect(200);
    expect(returned.body.supplement).toEqual({ items, answerBy: returned.body.currentStage.endsAt });
    await waitFor(async () => (await inbox(asE, id)).some((m) => m.kind === 'case.supplement'), 'the 补正 message');
    const [told] = (await inbox(asE, id)).filter((m) => m.kind === 'case.supplement');
    expect(told.message).toContain(number);
    expect(told.message).toContain(`1. ${items[0]}`);
    expect(told.message).toContain(`2. ${items[1]}`);
    expect(told.message).toContain(lastMinute(returned.body.supplement.answerBy));
  });

  it('shows an objection in the case’s timeline and in the inbox of its enterprise and of the city reviewers', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, e.username);
    const asCity = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    await waitFor(async () => (await api().get(`/api/v1/applications/${id}`).set('Authorization', asE)).body.status === 'acceptance', 'screening');
    // Moved on to 公示 by the system (the review stages are other tests' subject).
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 100_000_000);
    await sys.dataSource.transaction(async (manager) => {
      const transitions = sys.http.get(CaseTransitions);
      let app: { id: string; status: CaseStatus; version: number; programVersionId: string } = await manager.query(
        'SELECT id, status, version, program_version_id AS "programVersionId" FROM applications WHERE id = $1', [id],
      ).then((r: { id: string; status: CaseStatus; version: number; programVersionId: string }[]) => r[0]);
      while (app.status !== 'public_notice') {
        const moved = await transitions.apply(manager, { application: app, action: { type: 'approve' }, actor: SYSTEM_ACTOR, reason: 'test setup' });
        app = { ...app, status: moved.to, version: moved.version };
      }
    });
    await api().post(`/api/v1/notices/${id}/objections`).send({ filedBy: '张三', contact: '13800000000', reason: '该企业服务合同涉嫌关联交易' }).expect(201);
    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', asE).expect(200);
    expect(view.body.timeline).toContainEqual(expect.objectContaining({ action: 'objection.filed', reason: '该企业服务合同涉嫌关联交易' }));
    expect(JSON.stringify(view.body.timeline)).not.toContain('13800000000');
    for (const auth of [asE, asCity]) {
      const [m] = (await inbox(auth, id)).filter((n) => n.kind === 'objection.filed');
      expect(m.message).toContain(view.body.caseNumber);
      expect(m.message).toContain('异议');
    }
  });

  it('gives an enterprise that opens its account after the import the offer, with its confirmation deadline, in its inbox', async () => {
    const asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
    const code = makeUscc(`91350102MA${digits(7)}`);
    const csv = ['creditCode,name,isTechEnterprise,rdExpenseFen,rdExpensePrevFen', `${code},导入的新企业,true,500000000,300000000`].join('\n');
    const imported = await api().post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', asAdmin)
      .set('Content-Type', 'text/csv').send(csv).expect(201);
    await sys.waitForIdle();
    await waitFor(async () => (await api().get(`/api/v1/offers/imports/${imported.body.id}`).set('Authorization', asAdmin)).body.status === 'done', 'the import');
    const [e]: { id: string }[] = await sys.dataSource.query('SELECT id FROM enterprises WHERE credit_code = $1', [code]);
    const issued = await api().post(`/api/v1/enterprises/${e.id}/activation`).set('Authorization', asAdmin).expect(201);
    await api().post('/api/v1/enterprises/activate').send({ creditCode: code, code: issued.body.code, password: 'a-long-password' }).expect(204);
    const asE = await login(server, code, 'a-long-password');
    const [offer] = (await api().get('/api/v1/applications?status=awaiting_confirmation').set('Authorization', asE).expect(200)).body as { id: string }[];
    const view = await api().get(`/api/v1/applications/${offer.id}`).set('Authorization', asE).expect(200);
    expect(view.body.confirmBy).toEqual(expect.any(String));
    expect(view.body.currentStage.endsAt).toBe(view.body.confirmBy);
    await waitFor(async () => (await inbox(asE, offer.id)).some((m) => m.kind === 'case.awaiting_confirmation'), 'the offer in the new inbox');
    const [m] = (await inbox(asE, offer.id)).filter((n) => n.kind === 'case.awaiting_confirmation');
    expect(m.message).toContain(view.body.caseNumber);
    expect(m.message).toContain('导入的新企业');
    expect(m.message).toContain(lastMinute(view.body.confirmBy));
  });
});
