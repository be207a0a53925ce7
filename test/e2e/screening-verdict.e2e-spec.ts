import { ALL_QUEUES } from '@app/contracts';
import {
  createBudgetPool, createEnterprise, createStaff, handInMaterials, login, startTestSystem, TestSystem, TestTask, waitForTask,
} from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 8 item 2, end to end: screening's verdict binds. An ineligible case is refused with the screening's
 * reasons and never reaches a queue; only a director's override with a written reason reopens it, with the
 * amount recomputed; a case with nothing to pay is never approved at a stage and never reaches 公示.
 */
describe("screening's verdict binds", () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'screening', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 10_000_000_000);
  });
  afterAll(async () => sys?.stop());

  const staff = async (roles: Parameters<typeof createStaff>[1], region: string | null = null) => {
    const s = await createStaff(sys.dataSource, roles, region);
    return { ...s, auth: await login(server, s.username) };
  };
  const caseOf = async (auth: string, id: string) =>
    (await api().get(`/api/v1/applications/${id}`).set('Authorization', auth).expect(200)).body;
  const decide = (auth: string, task: TestTask, decision: string) =>
    api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
      .send({ version: task.version, decision, reason: `${decision} by the desk` });

  /** A voucher of an enterprise without a 科技型中小企业 number: not eligible under the 2024 version. */
  async function ineligible(region: string) {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: region, techSmeNo: null });
    const asE = await login(server, enterprise.username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
    await handInMaterials(sys.dataSource, created.body.id);
    await sys.waitForIdle();
    return { id: created.body.id as string, asE };
  }

  it('refuses an ineligible case with every failed rule, and puts it in nobody’s queue', async () => {
    const { id, asE } = await ineligible('350102');
    const refused = await caseOf(asE, id);
    expect(refused).toMatchObject({ status: 'refused', eligible: false, amountFen: 0 });
    const last = refused.timeline.at(-1);
    expect(last).toMatchObject({ from: 'submitted', to: 'refused', actorRole: 'system' });
    expect(last.reason).toContain('tech-sme');
    // The refusal's code and every failed rule as the trace has it, for the pages to say in the reader's language.
    const failed = refused.trace.filter((t: { passed: boolean }) => !t.passed).map(({ rule, detail }: { rule: string; detail: string }) => ({ rule, detail }));
    expect(failed.map((f: { rule: string }) => f.rule)).toContain('tech-sme');
    expect(last).toMatchObject({ reasonCode: 'screening-refused', reasonParams: { failed, provisional: refused.unverifiedFacts } });
    const tasks: unknown[] = await sys.dataSource.query('SELECT 1 FROM review_tasks WHERE application_id = $1', [id]);
    expect(tasks).toHaveLength(0);
  });

  it('reopens only on a director’s override with a written reason, recomputing the amount', async () => {
    const region = '350103';
    const { id, asE } = await ineligible(region);
    const director = await staff(['director']);
    const reviewer = await staff(['district_reviewer'], region);
    const { version } = await caseOf(asE, id);
    const override = (auth: string, body: object) => api().post(`/api/v1/applications/${id}/screening-override`).set('Authorization', auth).send(body);

    await override(reviewer.auth, { version, reason: '经核实已入库科技型中小企业', facts: { isTechSme: true } }).expect(403);
    const noReason = await override(director.auth, { version, facts: { isTechSme: true } }).expect(400);
    expect(JSON.stringify(noReason.body)).toContain('reason');
    // The rules still refuse the same facts: no override makes money out of nothing.
    const still = await override(director.auth, { version, reason: '局务会研究同意受理本案' }).expect(422);
    expect(still.body.message).toContain('tech-sme');

    const done = await override(director.auth, { version, reason: '经核实该企业已于2024年入库科技型中小企业', facts: { isTechSme: true } }).expect(200);
    expect(done.body).toMatchObject({ status: 'acceptance', eligible: true, amountFen: 3_000_000 });
    expect(done.body.timeline.at(-1)).toMatchObject({ from: 'refused', to: 'acceptance', actorRole: 'director' });
    expect(done.body.timeline.at(-1).reason).toContain('经核实该企业已于2024年入库');
    expect(done.body.timeline.at(-1)).toMatchObject({
      reasonCode: 'screening-overridden', reasonParams: { reason: '经核实该企业已于2024年入库科技型中小企业' },
    });
    await override(director.auth, { version: done.body.version, reason: '再次覆盖筛查结论的请求' }).expect(409);
    const task = await waitForTask(server, reviewer.auth, id, 'acceptance');
    await decide(reviewer.auth, task, 'approve').expect(200);
  });

  it('never approves a case screening found ineligible, nor sends a 0-yuan case to the public notice', async () => {
    const region = '350104';
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: region });
    const asE = await login(server, enterprise.username);
    const [a, b, city] = [await staff(['district_reviewer'], region), await staff(['district_reviewer'], region), await staff(['city_reviewer'])];
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    await handInMaterials(sys.dataSource, id);
    const acceptance = await waitForTask(server, a.auth, id, 'acceptance');
    const screened = await caseOf(asE, id);
    expect(screened.timeline.at(-1)).toMatchObject({
      from: 'submitted', to: 'acceptance', reason: expect.stringMatching(/^screened: eligible/),
      reasonCode: 'screened', reasonParams: { provisional: screened.unverifiedFacts },
    });
    // A case marked not eligible (as cases screened before this rule were) cannot be approved at a stage.
    await sys.dataSource.query('UPDATE applications SET eligible = false WHERE id = $1', [id]);
    const blocked = await decide(a.auth, acceptance, 'approve').expect(422);
    expect(blocked.body.message).toContain('not eligible');
    await sys.dataSource.query('UPDATE applications SET eligible = true WHERE id = $1', [id]);
    await decide(a.auth, acceptance, 'approve').expect(200);
    await decide(b.auth, await waitForTask(server, b.auth, id, 'formal_review'), 'approve').expect(200);
    const recheck = await waitForTask(server, city.auth, id, 'recheck');
    // Nothing to pay: the approval into 公示 is refused and nothing of it is written.
    await sys.dataSource.query('UPDATE applications SET amount_fen = 0 WHERE id = $1', [id]);
    const zero = await decide(city.auth, recheck, 'approve').expect(422);
    expect(zero.body.message).toContain('public notice');
    const after = await caseOf(asE, id);
    expect(after.status).toBe('recheck');
    const [task]: { status: string }[] = await sys.dataSource.query('SELECT status FROM review_tasks WHERE id = $1', [recheck.id]);
    expect(task.status).toBe('open');
  });
});
