import { ALL_QUEUES } from '@app/contracts';
import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import { handInMaterials } from '@app/testing';
import { addCalendarDays, chineseWorkingDayCalendar } from '@app/domain';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * One innovation-voucher case end to end through HTTP, the outbox, BullMQ and the timers, against real
 * PostgreSQL and Redis: submit → screening → acceptance → formal review → recheck → public notice → (the
 * notice period passes on the injected clock) → approved.
 */
describe('an innovation-voucher case, end to end', () => {
  let sys: TestSystem;
  let server: unknown;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'voucher', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    // A final approval reserves the amount in the year's budget pool (there must be one).
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 1_000_000_000);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  const taskFor = (auth: string, applicationId: string, stage: string) => waitForTask(server, auth, applicationId, stage);

  it('walks submit → every stage → notice → approved → paid, with transitions, clock events and a due date', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const districtA = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const districtB = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const city = await createStaff(sys.dataSource, ['city_reviewer']);
    const asEnterprise = await login(server, enterprise.username);
    const asA = await login(server, districtA.username);
    const asB = await login(server, districtB.username);
    const asCity = await login(server, city.username);

    const submitted = await api()
      .post('/api/v1/applications')
      .set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    const id: string = submitted.body.id;
    expect(submitted.body.status).toBe('submitted');

    await sys.waitForIdle();
    const screened = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200);
    expect(screened.body).toMatchObject({ status: 'acceptance', eligible: true, amountFen: 5_000_000 });
    expect(screened.body.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // With no history yet each stage ahead is expected to take its full limit: 2 + 5 + 5 working days, then the
    // 7 days of 公示 (not on the case clock) before 办结.
    expect(screened.body.expectedCompletionOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screened.body.expectedCompletionOn).toBe(addCalendarDays(chineseWorkingDayCalendar().addWorkingDays(sys.time.today(), 12), 8));
    expect(screened.body.trace.length).toBeGreaterThan(0);

    const acceptance = await taskFor(asA, id, 'acceptance');
    await handInMaterials(sys.dataSource, id);
    await api().post(`/api/v1/tasks/${acceptance.id}/decision`).set('Authorization', asA)
      .send({ version: acceptance.version, decision: 'approve', reason: '材料齐全，予以受理' }).expect(200);
    // The same reviewer may not decide the next stage of the same case (four eyes).
    const formal = await taskFor(asA, id, 'formal_review');
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', asA)
      .send({ version: formal.version, decision: 'approve', reason: 'ok' }).expect(403);
    // A stale version is a conflict, and writes nothing.
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', asB)
      .send({ version: formal.version + 5, decision: 'approve', reason: 'ok' }).expect(409);
    await api().post(`/api/v1/tasks/${formal.id}/decision`).set('Authorization', asB)
      .send({ version: formal.version, decision: 'approve', reason: '初审通过' }).expect(200);
    const recheck = await taskFor(asCity, id, 'recheck');
    const decided = await api().post(`/api/v1/tasks/${recheck.id}/decision`).set('Authorization', asCity)
      .send({ version: recheck.version, decision: 'approve', reason: '复核通过' }).expect(200);
    expect(decided.body.status).toBe('public_notice');

    await sys.waitForIdle();
    const inNotice = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200);
    expect(inNotice.body.clock.state).toBe('paused');
    expect(inNotice.body.noticeEndsAt).not.toBeNull();

    // Seven calendar days of 公示 pass on the injected clock; the sweep and the timer job approve the case.
    sys.travelDays(8);
    await waitFor(async () => {
      const res = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise);
      return res.body.status === 'approved';
    }, 'the case to be approved after its notice');

    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200);
    expect(view.body.timeline.map((t: { to: string }) => t.to)).toEqual([
      'submitted', 'acceptance', 'formal_review', 'recheck', 'public_notice', 'approved',
    ]);
    expect(view.body.clock.state).toBe('stopped');
    const events: { clock: string; type: string }[] = await sys.dataSource.query(
      'SELECT clock, type FROM clock_events WHERE application_id = $1 AND clock = $2 ORDER BY id',
      [id, 'case'],
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'pause', 'resume', 'stop']);
    const audit: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM audit_log WHERE stream = $1`,
      [`application:${id}`],
    );
    expect(Number(audit[0].n)).toBe(6);

    await sys.waitForIdle();
    const inbox = await api().get('/api/v1/notifications').set('Authorization', asEnterprise).expect(200);
    expect(inbox.body.map((n: { kind: string }) => n.kind)).toContain('case.approved');

    // 拨付: an administrator builds the batch, a director approves it, the treasury's answer marks it paid.
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const director = await login(server, (await createStaff(sys.dataSource, ['director'])).username);
    const batch = await api().post('/api/v1/disbursements/batches').set('Authorization', admin).send({ applicationIds: [id] }).expect(201);
    expect(batch.body.totalFen).toBe(5_000_000);
    await api().post(`/api/v1/disbursements/batches/${batch.body.id}/approve`).set('Authorization', admin).expect(403);
    // The director finds the draft batch in the list, first.
    const listed = await api().get('/api/v1/disbursements/batches').set('Authorization', director).expect(200);
    expect(listed.body[0]).toMatchObject({ id: batch.body.id, status: 'draft', totalFen: 5_000_000 });
    await api().post(`/api/v1/disbursements/batches/${batch.body.id}/approve`).set('Authorization', director).expect(200);
    await api().post(`/api/v1/disbursements/${batch.body.payments[0].id}/result`).set('Authorization', admin)
      .send({ status: 'paid', note: 'TR-2024-0001' }).expect(200);
    expect((await api().get(`/api/v1/applications/${id}`).set('Authorization', asEnterprise).expect(200)).body.status).toBe('paid');
  });

  it('shows an enterprise only its own cases (another one is a 404)', async () => {
    const owner = await createEnterprise(sys.dataSource);
    const other = await createEnterprise(sys.dataSource);
    const asOwner = await login(server, owner.username);
    const asOther = await login(server, other.username);
    const created = await api().post('/api/v1/applications').set('Authorization', asOwner)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 3_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    await api().get(`/api/v1/applications/${created.body.id}`).set('Authorization', asOther).expect(404);
    const list = await api().get('/api/v1/applications').set('Authorization', asOther).expect(200);
    expect(list.body).toEqual([]);
    // A second open case of the same program and year is a conflict.
    await api().post('/api/v1/applications').set('Authorization', asOwner)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 3_000_000, relatedParty: false, isMaker: false } })
      .expect(409);
  });

  it('answers bad input with a 400 naming each field, and unknown ids with a 404', async () => {
    const e = await createEnterprise(sys.dataSource);
    const auth = await login(server, e.username);
    const bad = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'nope', year: 'abc', facts: 3, status: 'paid', amountFen: 1 }).expect(400);
    const fields = bad.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['program', 'year', 'facts', 'status', 'amountFen']));
    const badFacts = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: -5 } }).expect(400);
    expect(badFacts.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['facts.serviceFeesFen']),
    );
    await api().get('/api/v1/applications/7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11').set('Authorization', auth).expect(404);
    await api().get('/api/v1/applications/not-a-uuid').set('Authorization', auth).expect(404);
    await api().post('/api/v1/auth/login').send({ username: '' }).expect(400);
    await api().get('/api/v1/applications').expect(401);
    const tampered = auth.slice(0, -3) + 'abc';
    await api().get('/api/v1/applications').set('Authorization', tampered).expect(401);
  });

  it('lets exactly one of 20 concurrent decisions on one task win; the rest get 409', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const reviewer = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const asE = await login(server, e.username);
    const asR = await login(server, reviewer.username);
    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    const task = await taskFor(asR, created.body.id, 'acceptance');
    await handInMaterials(sys.dataSource, created.body.id);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asR)
          .send({ version: task.version, decision: 'approve', reason: '受理' }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const transitions: unknown[] = await sys.dataSource.query(
      `SELECT 1 FROM transitions WHERE application_id = $1 AND action = 'approve'`,
      [created.body.id],
    );
    expect(transitions).toHaveLength(1);
  });
});
