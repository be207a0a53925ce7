import { ALL_QUEUES } from '@app/contracts';
import { createBudgetPool, createEnterprise, createStaff, TestTask, waitForTask, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import { handInMaterials } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * The review desk end to end (HTTP + outbox + BullMQ + timers, real PostgreSQL and Redis): an R&D case through
 * an expert panel and a director's second approval to payment; 补正 round trip and lapse; an objection that
 * holds one case while another goes through; a declared conflict; concurrent and double payments.
 */
describe('review stages, from application to paid', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'stages', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 10_000_000_000);
    await createBudgetPool(sys.dataSource, 'rd-subsidy', 2023, 10_000_000_000);
  });
  afterAll(async () => sys?.stop());

  type Task = TestTask;
  const taskFor = (auth: string, applicationId: string, stage: string, kind = 'review') =>
    waitForTask(server, auth, applicationId, stage, kind);
  const decide = (auth: string, task: Task, decision: string, extra: object = {}) =>
    api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
      .send({ version: task.version, decision, reason: `${decision} by the desk`, ...extra });
  const status = async (auth: string, id: string) =>
    (await api().get(`/api/v1/applications/${id}`).set('Authorization', auth).expect(200)).body;
  const waitStatus = (auth: string, id: string, wanted: string) =>
    waitFor(async () => (await status(auth, id)).status === wanted, `case ${id} to reach ${wanted}`);

  async function voucherAt(stage: 'formal_review' | 'public_notice', region = '350102') {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: region });
    const asE = await login(server, enterprise.username);
    const a = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], region)).username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 6_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    await handInMaterials(sys.dataSource, id);
    expect((await decide(a, await taskFor(a, id, 'acceptance'), 'approve')).status).toBe(200);
    if (stage === 'formal_review') return { id, asE, enterprise };
    const b = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], region)).username);
    expect((await decide(b, await taskFor(b, id, 'formal_review'), 'approve')).status).toBe(200);
    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    expect((await decide(city, await taskFor(city, id, 'recheck'), 'approve')).status).toBe(200);
    return { id, asE, enterprise };
  }

  it('takes an R&D case through the expert panel and the director to payment, and never pays twice', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350111', scale: 'above' });
    const asE = await login(server, enterprise.username);
    const [a, b] = await Promise.all([1, 2].map(async () => login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350111')).username)));
    const experts = await Promise.all([1, 2, 3].map(async () => login(server, (await createStaff(sys.dataSource, ['expert'])).username)));
    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    const director = await login(server, (await createStaff(sys.dataSource, ['director'])).username);
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);

    // E = 1亿: 1000万×3% + 4000万×2% + 5000万×1% = 160万, above the 100万 that needs a director.
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'rd-subsidy', year: 2023, facts: { rdExpenseFen: 10_000_000_000, rdExpensePrevFen: 9_000_000_000 } })
      .expect(201);
    const id: string = created.body.id;
    await handInMaterials(sys.dataSource, id);
    await decide(a, await taskFor(a, id, 'acceptance'), 'approve').expect(200);
    await decide(b, await taskFor(b, id, 'formal_review'), 'approve').expect(200);
    await sys.waitForIdle();
    expect(await status(asE, id)).toMatchObject({ status: 'expert_review', amountFen: 160_000_000 });
    expect((await status(asE, id)).clock.state).toBe('paused');

    // Exactly three experts were drawn; each scores every criterion of the version.
    const seats: { id: string; applicationId: string; criteria: { code: string; nameZh: string; nameEn?: string; maxScore: number }[] }[] = [];
    for (const auth of experts) {
      const res = await api().get('/api/v1/expert-reviews').set('Authorization', auth).expect(200);
      seats.push(res.body.find((s: { applicationId: string }) => s.applicationId === id));
    }
    expect(seats.every(Boolean)).toBe(true);
    // Each criterion by its name in both languages, for the expert's pages in either.
    expect(seats[0].criteria).toContainEqual({ code: 'rd_authenticity', nameZh: '研发活动真实性', nameEn: 'R&D activity genuine', maxScore: 40 });
    const bad = await api().post(`/api/v1/expert-reviews/${seats[0].id}/scores`).set('Authorization', experts[0])
      .send({ scores: { nonsense: 3 } }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('scores.nonsense');
    for (const [i, auth] of experts.entries()) {
      const scores = Object.fromEntries(seats[i].criteria.map((c) => [c.code, Math.floor(c.maxScore * 0.8)]));
      await api().post(`/api/v1/expert-reviews/${seats[i].id}/scores`).set('Authorization', auth).send({ scores }).expect(200);
    }
    await sys.waitForIdle();
    expect((await status(asE, id)).status).toBe('recheck');

    const recheck = await taskFor(city, id, 'recheck');
    const first = await decide(city, recheck, 'approve').expect(200);
    expect(first.body).toMatchObject({ status: 'recheck', awaitingDirector: true });
    // The director's second approval moves it on; the city reviewer cannot give it.
    const directorTask = await taskFor(director, id, 'recheck', 'director');
    await waitFor(async () => {
      const inbox = await api().get('/api/v1/notifications').set('Authorization', director).expect(200);
      return inbox.body.some((n: { applicationId: string; kind: string }) => n.applicationId === id && n.kind === 'task.created');
    }, "the director's inbox message");
    await decide(director, directorTask, 'approve').expect(200);
    await waitStatus(asE, id, 'public_notice');

    sys.travelDays(8);
    await waitStatus(asE, id, 'approved');

    // Ten concurrent batch builds: the case lands in exactly one payment.
    const builds = await Promise.all(Array.from({ length: 10 }, () => api().post('/api/v1/disbursements/batches').set('Authorization', admin).send({ applicationIds: [id] })));
    const built = builds.filter((r) => r.status === 201);
    expect(built).toHaveLength(1);
    expect(builds.filter((r) => r.status === 409)).toHaveLength(9);
    const batch = built[0].body;
    await api().get(`/api/v1/disbursements/batches/${batch.id}/export.csv`).set('Authorization', admin).expect(409);
    await api().post(`/api/v1/disbursements/batches/${batch.id}/approve`).set('Authorization', director).expect(200);
    const csv = await api().get(`/api/v1/disbursements/batches/${batch.id}/export.csv`).set('Authorization', admin).expect(200);
    expect(csv.text).toContain('1600000.00');
    const payment = batch.payments[0];
    await api().post(`/api/v1/disbursements/${payment.id}/result`).set('Authorization', admin).send({ status: 'paid', note: 'TR-1' }).expect(200);
    await api().post(`/api/v1/disbursements/${payment.id}/result`).set('Authorization', admin).send({ status: 'paid' }).expect(409);
    const paid = await status(asE, id);
    expect(paid.status).toBe('paid');

    // What the system wrote on the way comes with its code, for the pages to say in the reader's language.
    type Entry = { from: string; to: string; reasonCode: string | null; reasonParams: Record<string, unknown> | null };
    const entry = (from: string, to: string) => (paid.timeline as Entry[]).find((t) => t.from === from && t.to === to);
    expect(entry('submitted', 'acceptance')).toMatchObject({ reasonCode: 'screened', reasonParams: { provisional: paid.unverifiedFacts } });
    expect(entry('acceptance', 'formal_review')).toMatchObject({ reasonCode: null, reasonParams: null });
    const panel = entry('expert_review', 'recheck')!;
    expect(panel).toMatchObject({ reasonCode: 'expert-panel', reasonParams: { passed: true } });
    expect(panel.reasonParams!.mean as number).toBeGreaterThanOrEqual(panel.reasonParams!.threshold as number);
    expect(entry('public_notice', 'approved')).toMatchObject({ reasonCode: 'notice-ended', reasonParams: {} });
    expect(entry('approved', 'paid')).toMatchObject({ reasonCode: 'paid', reasonParams: { note: 'TR-1' } });
  });

  it('returns a case for 补正 naming every missing item, restarts its clock on resubmission, and lapses a silent one', async () => {
    const { id, asE } = await voucherAt('formal_review');
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const task = await taskFor(reviewer, id, 'formal_review');
    const missing = await decide(reviewer, task, 'return').expect(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toContain('missingItems');
    await decide(reviewer, task, 'return', { missingItems: ['服务合同', '发票'] }).expect(200);
    const returned = await status(asE, id);
    expect(returned.status).toBe('supplement');
    expect(returned.currentStage).toMatchObject({ stage: 'supplement', endsAt: expect.any(String) });
    expect(returned.timeline.at(-1).reason).toContain('发票');
    expect(returned.timeline.at(-1)).toMatchObject({
      reasonCode: 'returned', reasonParams: { reason: 'return by the desk', items: ['服务合同', '发票'] },
    });
    await api().post(`/api/v1/applications/${id}/supplement`).set('Authorization', asE)
      .send({ version: returned.version, note: '已补充合同与发票' }).expect(200);
    await sys.waitForIdle();
    expect((await status(asE, id)).status).toBe('formal_review');
    const caseEvents: { type: string }[] = await sys.dataSource.query(
      `SELECT type FROM clock_events WHERE application_id = $1 AND clock = 'case' ORDER BY id`, [id]);
    expect(caseEvents.map((e) => e.type)).toEqual(['start', 'pause', 'reset']);
    // The reviewer who asked for the materials may decide the stage again.
    await decide(reviewer, await taskFor(reviewer, id, 'formal_review'), 'approve').expect(200);

    const silent = await voucherAt('formal_review');
    const other = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    await decide(other, await taskFor(other, silent.id, 'formal_review'), 'return', { missingItems: ['审计报告'] }).expect(200);
    sys.travelDays(20);
    await waitStatus(silent.asE, silent.id, 'lapsed');
    const lapsed = (await status(silent.asE, silent.id)).timeline.at(-1);
    expect(lapsed.reason).toMatch(/lapsed/);
    expect(lapsed).toMatchObject({ reasonCode: 'supplement-lapsed', reasonParams: { by: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) } });
  });

  it('holds only the case with an open objection while the rest of the notice goes through', async () => {
    const held = await voucherAt('public_notice');
    const free = await voucherAt('public_notice');
    await waitStatus(held.asE, held.id, 'public_notice');
    const notices = await api().get('/api/v1/notices').expect(200);
    expect(notices.body.map((n: { applicationId: string }) => n.applicationId)).toEqual(expect.arrayContaining([held.id, free.id]));
    await api().post(`/api/v1/notices/${held.id}/objections`).send({ filedBy: '某竞争企业', contact: '0591-0000000', reason: '服务合同疑为关联交易' }).expect(201);
    await api().post(`/api/v1/notices/${held.id}/objections`).send({ filedBy: 'x' }).expect(400);

    sys.travelDays(8);
    await waitStatus(free.asE, free.id, 'approved');
    await sys.waitForIdle();
    expect((await status(held.asE, held.id)).status).toBe('public_notice');

    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    const open = await api().get('/api/v1/objections').set('Authorization', city).expect(200);
    const objection = open.body.find((o: { applicationId: string }) => o.applicationId === held.id);
    await api().post(`/api/v1/objections/${objection.id}/resolution`).set('Authorization', city)
      .send({ upheld: false, reason: '经核查非关联方' }).expect(200);
    await waitStatus(held.asE, held.id, 'approved');
  });

  it('refuses with the reason, and never shows a task to a reviewer with a declared conflict', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, enterprise.username);
    const conflicted = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const asConflicted = await login(server, conflicted.username);
    await api().post('/api/v1/conflicts').set('Authorization', asConflicted).send({ creditCode: 'nope', reason: '亲属任职' }).expect(400);
    const declared = await api().post('/api/v1/conflicts').set('Authorization', asConflicted)
      .send({ creditCode: enterprise.username, reason: '亲属任职' }).expect(201);
    expect(declared.body.map((c: { enterpriseId: string }) => c.enterpriseId)).toEqual([enterprise.enterpriseId]);
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 1_000_000, relatedParty: false } }).expect(201);
    const task = await taskFor(reviewer, created.body.id, 'acceptance');
    const seen = await api().get('/api/v1/tasks').set('Authorization', asConflicted).expect(200);
    expect(seen.body.map((t: Task) => t.applicationId)).not.toContain(created.body.id);
    await api().get(`/api/v1/tasks/${task.id}`).set('Authorization', asConflicted).expect(404);
    await api().get(`/api/v1/applications/${created.body.id}`).set('Authorization', asConflicted).expect(404);

    // (An ineligible case never reaches a reviewer: screening refuses it; see screening-verdict.e2e-spec.ts.)
    expect((await status(asE, created.body.id)).eligible).toBe(true);
    await decide(reviewer, task, 'refuse').expect(200);
    const refused = await status(asE, created.body.id);
    expect(refused.status).toBe('refused');
    expect(refused.clock.state).toBe('stopped');
  });
});
