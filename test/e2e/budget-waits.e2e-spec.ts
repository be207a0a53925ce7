import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, handInMaterials, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 8, item 3: a final approval with no budget pool (or too little in it) used to dead-end in a 409 the
 * reviewer could do nothing about. Now the approval is kept and waits for the money, visibly to the reviewer
 * and the enterprise; the administrators are told; creating or topping up the pool moves the case on.
 */
describe('final approvals waiting for budget', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let asCity: string;
  let asDistrictA: string;
  let asDistrictB: string;
  let cityId: string;
  const year = 2026;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'budgetwait', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const city = await createStaff(sys.dataSource, ['city_reviewer']);
    cityId = city.accountId;
    asCity = await login(server, city.username);
    asDistrictA = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    asDistrictB = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  /** A voucher case of its own enterprise, through HTTP, up to the city recheck; returns its id and the enterprise's auth. */
  async function atRecheck(serviceFeesFen: number, caseYear = year): Promise<{ id: string; asEnterprise: string }> {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asEnterprise = await login(server, enterprise.username);
    const submitted = await api().post('/api/v1/applications').set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: caseYear, facts: { serviceFeesFen, relatedParty: false, isMaker: false } }).expect(201);
    const id: string = submitted.body.id;
    await handInMaterials(sys.dataSource, id);
    await sys.waitForIdle();
    const acceptance = await waitForTask(server, asDistrictA, id, 'acceptance');
    await api().post(`/api/v1/tasks/${acceptance.id}/decision`).set('Authorization', asDistrictA)
      .send({ version: acceptance.version, decision: 'approve', reason: '受理' }).expect(200);
    const formal = await waitForTask(server, asDistrictB, id, 'formal_review');
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', asDistrictB)
      .send({ version: formal.version, decision: 'approve', reason: '初审通过' }).expect(200);
    return { id, asEnterprise };
  }

  const inbox = async (auth: string) =>
    (await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as { kind: string; message: string }[];

  it('keeps the approval waiting when there is no pool, tells the administrators, and moves on when the money comes', async () => {
    const first = await atRecheck(10_000_000); // 5万
    const second = await atRecheck(8_000_000); // 4万
    const task1 = await waitForTask(server, asCity, first.id, 'recheck');
    const task2 = await waitForTask(server, asCity, second.id, 'recheck');

    // The dead end: "there is no budget pool for innovation-voucher 2026" was a 409 and the reviewer was stuck.
    const decided = await api().post(`/api/v1/tasks/${task1.id}/decision`).set('Authorization', asCity)
      .send({ version: task1.version, decision: 'approve', reason: '复核通过' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'recheck', awaitingBudget: true, awaitingDirector: false });
    await api().post(`/api/v1/tasks/${task2.id}/decision`).set('Authorization', asCity)
      .send({ version: task2.version, decision: 'approve', reason: '复核通过' }).expect(200);

    // The reviewer's queue shows the case as waiting for budget, and nobody can decide it twice.
    const queue = (await api().get('/api/v1/tasks').set('Authorization', asCity).expect(200)).body as {
      id: string; status: string; awaitingBudget: string | null;
    }[];
    const waiting = queue.find((t) => t.id === task1.id);
    expect(waiting).toMatchObject({ status: 'awaiting_budget' });
    expect(waiting?.awaitingBudget).toMatch(/no budget pool for innovation-voucher 2026/);
    await api().post(`/api/v1/tasks/${task1.id}/decision`).set('Authorization', asCity)
      .send({ version: task1.version + 1, decision: 'approve', reason: 'again' }).expect(409);

    // The enterprise sees it in its case view.
    const view = await api().get(`/api/v1/applications/${first.id}`).set('Authorization', first.asEnterprise).expect(200);
    expect(view.body.status).toBe('recheck');
    expect(view.body.awaitingBudget.reason).toMatch(/no budget pool for innovation-voucher 2026/);

    // The administrators are told, once, that approved amounts wait and there is no pool.
    await sys.waitForIdle();
    const missing = (await inbox(asAdmin)).filter((m) => m.kind === 'budget.missing');
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toMatch(/innovation-voucher 2026 尚无预算资金池：\d 件已终审通过的案件/);

    // A pool that covers only the first (6万 for 5万 + 4万): the first moves on, the second keeps waiting.
    const created = await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'innovation-voucher', year, totalFen: 6_000_000, allocation: 'first-come' }).expect(201);
    const poolId: string = created.body.id;
    await sys.waitForIdle();
    const afterCreate = await api().get(`/api/v1/applications/${first.id}`).set('Authorization', first.asEnterprise).expect(200);
    expect(afterCreate.body).toMatchObject({ status: 'public_notice', awaitingBudget: null });
    // The held approval became the transition, by the reviewer who gave it, with their reason.
    const last = afterCreate.body.timeline[afterCreate.body.timeline.length - 1];
    expect(last).toMatchObject({ from: 'recheck', to: 'public_notice', action: 'approve', actorRole: 'city_reviewer', reason: '复核通过' });
    const [{ actor }]: { actor: string }[] = await sys.dataSource.query(
      `SELECT actor_account_id AS actor FROM transitions WHERE application_id = $1 AND to_status = 'public_notice'`, [first.id],
    );
    expect(actor).toBe(cityId);
    const still = await api().get(`/api/v1/applications/${second.id}`).set('Authorization', second.asEnterprise).expect(200);
    expect(still.body.status).toBe('recheck');
    expect(still.body.awaitingBudget.reason).toMatch(/cannot cover 4万: 1万 of 6万 remain/);
    expect((await api().get(`/api/v1/budget-pools/${poolId}`).set('Authorization', asAdmin).expect(200)).body).toMatchObject({
      reservedFen: 5_000_000, remainingFen: 1_000_000, cases: 1, waitingCases: 1, waitingFen: 4_000_000, topUps: 0,
    });
    const shortAlerts = (await inbox(asAdmin)).filter((m) => m.kind === 'budget.short');
    expect(shortAlerts).toHaveLength(1);

    // Top-up: bad input names its fields, only administrators may, and the waiting case moves on.
    const bad = await api().post(`/api/v1/budget-pools/${poolId}/top-ups`).set('Authorization', asAdmin)
      .send({ amountFen: 0 }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['amountFen', 'reason']));
    await api().post(`/api/v1/budget-pools/${poolId}/top-ups`).set('Authorization', asCity)
      .send({ amountFen: 3_400_000, reason: '追加预算' }).expect(403);
    const topped = await api().post(`/api/v1/budget-pools/${poolId}/top-ups`).set('Authorization', asAdmin)
      .send({ amountFen: 3_400_000, reason: '追加预算（第二批）' }).expect(201);
    expect(topped.body).toMatchObject({ totalFen: 9_400_000, topUps: 1 });
    await sys.waitForIdle();
    const released = await api().get(`/api/v1/applications/${second.id}`).set('Authorization', second.asEnterprise).expect(200);
    expect(released.body).toMatchObject({ status: 'public_notice', awaitingBudget: null });
    expect((await api().get(`/api/v1/budget-pools/${poolId}`).set('Authorization', asAdmin).expect(200)).body).toMatchObject({
      totalFen: 9_400_000, reservedFen: 9_000_000, remainingFen: 400_000, cases: 2, waitingCases: 0,
    });
    const [audit]: { data: { amountFen: number; reason: string } }[] = await sys.dataSource.query(
      `SELECT data FROM audit_log WHERE stream = $1 AND action = 'budget-pool.topped-up'`, [`budget-pool:${poolId}`],
    );
    expect(audit.data).toMatchObject({ amountFen: 3_400_000, reason: '追加预算（第二批）' });

    // 0.4万 of 9.4万 left is under the configured 10%: the pool is running out, and the administrators hear it once.
    await waitFor(async () => (await inbox(asAdmin)).some((m) => m.kind === 'budget.running-out'), 'the running-out alert');
    expect((await inbox(asAdmin)).filter((m) => m.kind === 'budget.running-out')).toHaveLength(1);
    // The enterprise only ever saw its own case, never the budget alerts.
    expect((await inbox(first.asEnterprise)).some((m) => m.kind.startsWith('budget.'))).toBe(false);

    // A closed round takes no more money.
    await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(200);
    await api().post(`/api/v1/budget-pools/${poolId}/top-ups`).set('Authorization', asAdmin)
      .send({ amountFen: 1, reason: 'late' }).expect(409);
  });

  it('drops the wait of a case withdrawn while it waited; the money that comes later is not spent on it', async () => {
    const { id, asEnterprise } = await atRecheck(4_000_000, 2025);
    const task = await waitForTask(server, asCity, id, 'recheck');
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asCity)
      .send({ version: task.version, decision: 'approve', reason: '复核通过' }).expect(200);
    const waiting = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200);
    expect(waiting.body.awaitingBudget).not.toBeNull();
    await api().post(`/api/v1/applications/${id}/withdraw`).set('Authorization', asEnterprise)
      .send({ version: waiting.body.version, reason: '不再申请' }).expect(200);
    const [t]: { status: string }[] = await sys.dataSource.query('SELECT status FROM review_tasks WHERE id = $1', [task.id]);
    expect(t.status).toBe('cancelled');
    const created = await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'innovation-voucher', year: 2025, totalFen: 10_000_000, allocation: 'first-come' }).expect(201);
    await sys.waitForIdle();
    const after = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200);
    expect(after.body).toMatchObject({ status: 'withdrawn', awaitingBudget: null });
    expect((await api().get(`/api/v1/budget-pools/${created.body.id}`).set('Authorization', asAdmin).expect(200)).body)
      .toMatchObject({ reservedFen: 0, cases: 0, waitingCases: 0 });
  });
});
