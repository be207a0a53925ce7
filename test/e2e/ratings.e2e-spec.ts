import { ALL_QUEUES } from '@app/contracts';
import { chineseWorkingDayCalendar } from '@app/domain';
import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import { handInMaterials } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

interface Task {
  id: string;
  applicationId: string;
  stage: string;
  version: number;
}

/**
 * 好差评 end to end: an enterprise rates its concluded case once; a 差评 opens a rectification due five working
 * days later that only a recorded call-back closes; the bureau reads the summary per program and stage.
 */
describe('ratings (好差评)', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let asDirector: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'ratings', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    asDirector = await login(server, (await createStaff(sys.dataSource, ['director'])).username);
    // A final approval reserves the amount in the year's budget pool (there must be one).
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 1_000_000_000);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  async function taskFor(auth: string, applicationId: string, stage: string): Promise<Task> {
    return waitFor(async () => {
      const res = await api().get('/api/v1/tasks').set('Authorization', auth).expect(200);
      return (res.body as Task[]).find((t) => t.applicationId === applicationId && t.stage === stage);
    }, `a ${stage} task`);
  }
  const decide = (auth: string, task: Task, decision: string) =>
    api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
      .send({ version: task.version, decision, reason: `${decision} by the desk` }).expect(200);
  const rate = (auth: string, id: string, body: object) => api().post(`/api/v1/applications/${id}/rating`).set('Authorization', auth).send(body);

  async function submitted() {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asE = await login(server, enterprise.username);
    const res = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    return { id: res.body.id as string, asE };
  }

  /** A case refused at acceptance: 办结 with a refusal. */
  async function refusedCase() {
    const c = await submitted();
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const task = await taskFor(reviewer, c.id, 'acceptance');
    await rate(c.asE, c.id, { score: 4 }).expect(409); // not concluded yet
    await decide(reviewer, task, 'refuse');
    return c;
  }

  it('takes one rating per concluded case of the enterprise’s own; a 差评 opens a rectification closed by a call-back', async () => {
    const c = await refusedCase();
    const stranger = await login(server, (await createEnterprise(sys.dataSource)).username);
    await rate(stranger, c.id, { score: 1 }).expect(404);
    await rate(c.asE, '7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11', { score: 1 }).expect(404);
    const bad = await rate(c.asE, c.id, { score: 6, comment: '', rectificationStatus: 'closed' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['score', 'comment', 'rectificationStatus']));
    await rate(c.asE, c.id, { score: 0 }).expect(400);
    await rate(c.asE, c.id, { score: 2.5 }).expect(400);
    await rate(asAdmin, c.id, { score: 5 }).expect(403);

    const readBack = (auth: string, id = c.id) => api().get(`/api/v1/applications/${id}/rating`).set('Authorization', auth);
    expect((await readBack(c.asE).expect(200)).body).toEqual({ rating: null });

    const rated = await rate(c.asE, c.id, { score: 2, comment: '审核太慢' }).expect(201);
    // Read back by its enterprise (the case page after a reload), and by no one else.
    expect((await readBack(c.asE).expect(200)).body).toEqual({ rating: rated.body });
    await readBack(stranger).expect(404);
    await readBack(asAdmin).expect(403);
    await readBack(c.asE, 'not-a-uuid').expect(404); // as every :id that is not a UUID
    const dueOn = chineseWorkingDayCalendar().addWorkingDays(sys.time.today(), 5);
    expect(rated.body).toMatchObject({
      applicationId: c.id, program: 'innovation-voucher', stage: 'acceptance', outcome: 'refused', score: 2, comment: '审核太慢',
      rectificationStatus: 'open', rectificationDueOn: dueOn, callbackNotes: null,
    });
    await rate(c.asE, c.id, { score: 5 }).expect(409);

    const open = await api().get('/api/v1/ratings/rectifications').set('Authorization', asDirector).expect(200);
    expect(open.body.map((r: { id: string }) => r.id)).toContain(rated.body.id);
    const inbox = await api().get('/api/v1/notifications').set('Authorization', asAdmin).expect(200);
    expect(inbox.body.find((m: { applicationId: string }) => m.applicationId === c.id)).toMatchObject({ kind: 'rating.rectification' });

    await api().post(`/api/v1/ratings/${rated.body.id}/callback`).set('Authorization', c.asE).send({ notes: 'x'.repeat(5) }).expect(403);
    await api().post(`/api/v1/ratings/${rated.body.id}/callback`).set('Authorization', asAdmin).send({}).expect(400);
    await api().post('/api/v1/ratings/7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11/callback').set('Authorization', asAdmin)
      .send({ notes: '已回访' }).expect(404);
    const closed = await api().post(`/api/v1/ratings/${rated.body.id}/callback`).set('Authorization', asAdmin)
      .send({ notes: '已电话回访，解释了受理条件，企业表示理解' }).expect(200);
    expect(closed.body).toMatchObject({ rectificationStatus: 'closed', callbackNotes: '已电话回访，解释了受理条件，企业表示理解' });
    expect(closed.body.callbackAt).not.toBeNull();
    await api().post(`/api/v1/ratings/${rated.body.id}/callback`).set('Authorization', asDirector).send({ notes: '再次回访' }).expect(409);
    const stillOpen = await api().get('/api/v1/ratings/rectifications?status=open').set('Authorization', asAdmin).expect(200);
    expect(stillOpen.body.map((r: { id: string }) => r.id)).not.toContain(rated.body.id);
  });

  it('rates an approved case without a rectification, and summarises per program and concluding stage', async () => {
    const c = await submitted();
    const [a, b] = await Promise.all([1, 2].map(async () => login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username)));
    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    await handInMaterials(sys.dataSource, c.id);
    await decide(a, await taskFor(a, c.id, 'acceptance'), 'approve');
    await decide(b, await taskFor(b, c.id, 'formal_review'), 'approve');
    await rate(c.asE, c.id, { score: 5 }).expect(409);
    await decide(city, await taskFor(city, c.id, 'recheck'), 'approve');
    sys.travelDays(9);
    await waitFor(async () => {
      const res = await api().get(`/api/v1/applications/${c.id}`).set('Authorization', c.asE);
      return res.body.status === 'approved';
    }, 'the case to be approved after its notice');

    const rated = await rate(c.asE, c.id, { score: 5 }).expect(201);
    expect(rated.body).toMatchObject({ stage: 'recheck', outcome: 'approved', rectificationStatus: 'none', rectificationDueOn: null });
    const another = await refusedCase();
    await rate(another.asE, another.id, { score: 4 }).expect(201);

    await api().get('/api/v1/ratings/summary').set('Authorization', c.asE).expect(403);
    await api().get('/api/v1/ratings/summary?from=yesterday').set('Authorization', asAdmin).expect(400);
    const all = await api().get('/api/v1/ratings/summary?program=innovation-voucher').set('Authorization', asAdmin).expect(200);
    // From the first test: a 2 at acceptance (its rectification closed); here a 5 after recheck and a 4 at acceptance.
    expect(all.body).toEqual([
      { program: 'innovation-voucher', stage: 'acceptance', count: 2, mean: 3, badShare: 0.5, openRectifications: 0 },
      { program: 'innovation-voucher', stage: 'recheck', count: 1, mean: 5, badShare: 0, openRectifications: 0 },
    ]);
    // The days are Shanghai days of the (moved) clock: the first test's rating is nine days before these two.
    const today = sys.time.today();
    const recent = await api().get(`/api/v1/ratings/summary?from=${today}&to=${today}`).set('Authorization', asDirector).expect(200);
    expect(recent.body).toEqual([
      { program: 'innovation-voucher', stage: 'acceptance', count: 1, mean: 4, badShare: 0, openRectifications: 0 },
      { program: 'innovation-voucher', stage: 'recheck', count: 1, mean: 5, badShare: 0, openRectifications: 0 },
    ]);
    const none = await api().get('/api/v1/ratings/summary?program=rd-subsidy').set('Authorization', asAdmin).expect(200);
    expect(none.body).toEqual([]);
  });

  it('documents every rating endpoint with its schemas and error codes', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const expectations: [string, string, string[], boolean][] = [
      ['/api/v1/applications/{id}/rating', 'post', ['201', '400', '401', '403', '404', '409'], true],
      ['/api/v1/ratings/{id}/callback', 'post', ['200', '400', '401', '403', '404', '409'], true],
      ['/api/v1/ratings/summary', 'get', ['200', '400', '401', '403'], false],
      ['/api/v1/ratings/rectifications', 'get', ['200', '400', '401', '403'], false],
    ];
    for (const [path, method, codes, hasBody] of expectations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, codes: Object.keys(operation?.responses ?? {}) }).toEqual({ path, method, codes: expect.arrayContaining(codes) });
      if (hasBody) expect({ path, body: Boolean(operation.requestBody) }).toEqual({ path, body: true });
    }
  });
});
