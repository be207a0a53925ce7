import { ALL_QUEUES } from '@app/contracts';
import { CaseStatus, sumSplit } from '@app/domain';
import { CaseTransitions, releaseBudget, SYSTEM_ACTOR, verifyAudit } from '@app/persistence';
import { caseAt as caseAtStatus, createBudgetPool, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Budget pools against real PostgreSQL and Redis: approvals reserve, refusals release, a first-come pool is never
 * overspent even by 50 parallel approvals, and closing an oversubscribed pro-rata round scales amounts down.
 */
describe('budget pools', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let asCity: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'budget', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const city = await createStaff(sys.dataSource, ['city_reviewer']);
    asAdmin = await login(server, admin.username);
    asCity = await login(server, city.username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  const caseAt = (program: string, year: number, amountFen: number, stop: CaseStatus) => caseAtStatus(sys, program, year, amountFen, stop);

  async function recheckTask(applicationId: string): Promise<{ id: string; version: number }> {
    const [task]: { id: string; version: number }[] = await sys.dataSource.query(
      `SELECT id, version FROM review_tasks WHERE application_id = $1 AND stage = 'recheck' AND kind = 'review' AND status = 'open'`,
      [applicationId],
    );
    if (!task) throw new Error(`no recheck task for ${applicationId}`);
    return task;
  }

  async function pool(id: string) {
    return (await api().get(`/api/v1/budget-pools/${id}`).set('Authorization', asAdmin).expect(200)).body;
  }

  it('lets an administrator create, list and close pools; others may not, and bad input names its fields', async () => {
    const created = await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'high-tech-reward', year: 2019, totalFen: 300_000_000, allocation: 'first-come' }).expect(201);
    expect(created.body).toMatchObject({
      program: 'high-tech-reward', year: 2019, totalFen: 300_000_000, reservedFen: 0, remainingFen: 300_000_000,
      status: 'open', allocation: 'first-come', cases: 0,
    });
    await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'high-tech-reward', year: 2019, totalFen: 1, allocation: 'pro-rata' }).expect(409);
    const bad = await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'nope', year: 1800, totalFen: -1, allocation: 'lottery' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['program', 'year', 'totalFen', 'allocation']),
    );
    await api().post('/api/v1/budget-pools').set('Authorization', asCity)
      .send({ program: 'rd-subsidy', year: 2019, totalFen: 1, allocation: 'first-come' }).expect(403);

    const listed = await api().get('/api/v1/budget-pools?program=high-tech-reward').set('Authorization', asAdmin).expect(200);
    expect(listed.body.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const closed = await api().post(`/api/v1/budget-pools/${created.body.id}/close`).set('Authorization', asAdmin).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', reductions: [] });
    await api().post(`/api/v1/budget-pools/${created.body.id}/close`).set('Authorization', asAdmin).expect(409);
    await api().post('/api/v1/budget-pools/7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11/close').set('Authorization', asAdmin).expect(404);
    expect(await verifyAudit(sys.dataSource.manager, `budget-pool:${created.body.id}`)).toEqual({ ok: true, rows: 2 });

    // Documented with their error codes.
    const doc = (await api().get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, { responses: object }>> };
    expect(Object.keys(doc.paths['/api/v1/budget-pools'].post.responses)).toEqual(expect.arrayContaining(['201', '400', '403', '409']));
    expect(Object.keys(doc.paths['/api/v1/budget-pools/{id}/close'].post.responses)).toEqual(
      expect.arrayContaining(['200', '403', '404', '409']),
    );
  });

  it('lets exactly 6 of 30 parallel final approvals through a pool that holds 6; the other 24 wait for budget', async () => {
    const amount = 5_000_000;
    const poolId = await createBudgetPool(sys.dataSource, 'innovation-voucher', 2026, 6 * amount);
    const ids: string[] = [];
    for (let i = 0; i < 30; i += 10) {
      ids.push(...(await Promise.all(Array.from({ length: 10 }, () => caseAt('innovation-voucher', 2026, amount, 'recheck')))));
    }
    await sys.waitForIdle();
    const tasks = await Promise.all(ids.map(recheckTask));

    const results = await Promise.all(
      tasks.map((task) =>
        api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asCity)
          .send({ version: task.version, decision: 'approve', reason: '复核通过' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    const approved = results.filter((r) => r.body.status === 'public_notice');
    const waiting = results.filter((r) => r.body.awaitingBudget === true);
    expect(approved).toHaveLength(6);
    expect(waiting).toHaveLength(24);
    for (const r of waiting) expect(r.body.status).toBe('recheck');

    // I5: what the pool says it holds is exactly the sum of its reservations, and of the approved cases.
    expect(await pool(poolId)).toMatchObject({ reservedFen: 6 * amount, remainingFen: 0, cases: 6, waitingCases: 24 });
    const [sums]: { reserved: string; n: string; in_notice: string }[] = await sys.dataSource.query(
      `SELECT (SELECT sum(amount_fen) FROM budget_reservations WHERE pool_id = $1) AS reserved,
              (SELECT count(*) FROM budget_reservations WHERE pool_id = $1) AS n,
              (SELECT count(*) FROM applications WHERE id = ANY($2) AND status = 'public_notice') AS in_notice`,
      [poolId, ids],
    );
    expect([Number(sums.reserved), Number(sums.n), Number(sums.in_notice)]).toEqual([6 * amount, 6, 6]);
    // The 24 others reserved nothing: their cases are still at recheck, their approvals held for the money.
    const [{ held }]: { held: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS held FROM review_tasks t JOIN applications a ON a.id = t.application_id
        WHERE t.application_id = ANY($1) AND t.stage = 'recheck' AND t.status = 'awaiting_budget' AND a.status = 'recheck'
          AND a.budget_wait_reason LIKE '%cannot cover 5万: 0万 of 30万 remain%'`,
      [ids],
    );
    expect(Number(held)).toBe(24);
  });

  it('holds a final approval without a pool until one is created, refuses one from a closed pool, and releases on refusal once', async () => {
    const noPool = await caseAt('innovation-voucher', 2027, 2_000_000, 'recheck');
    await sys.waitForIdle();
    const task = await recheckTask(noPool);
    const res = await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asCity)
      .send({ version: task.version, decision: 'approve', reason: '复核通过' }).expect(200);
    expect(res.body).toMatchObject({ status: 'recheck', awaitingBudget: true });

    const created = await api().post('/api/v1/budget-pools').set('Authorization', asAdmin)
      .send({ program: 'innovation-voucher', year: 2027, totalFen: 10_000_000, allocation: 'first-come' }).expect(201);
    const poolId: string = created.body.id;
    await sys.waitForIdle();
    const [moved]: { status: string }[] = await sys.dataSource.query('SELECT status FROM applications WHERE id = $1', [noPool]);
    expect(moved.status).toBe('public_notice');
    expect(await pool(poolId)).toMatchObject({ reservedFen: 2_000_000, remainingFen: 8_000_000, cases: 1, waitingCases: 0 });

    // Refused in 公示 (an upheld objection): the money goes back to the pool, once.
    const [app]: { version: number; program_version_id: string }[] = await sys.dataSource.query(
      'SELECT version, program_version_id FROM applications WHERE id = $1', [noPool],
    );
    await sys.dataSource.transaction((manager) =>
      sys.http.get(CaseTransitions).apply(manager, {
        application: { id: noPool, status: 'public_notice', version: app.version, programVersionId: app.program_version_id },
        action: { type: 'refuse' }, actor: SYSTEM_ACTOR, reason: '异议成立',
      }),
    );
    await sys.dataSource.transaction((manager) => releaseBudget(manager, noPool));
    expect(await pool(poolId)).toMatchObject({ reservedFen: 0, remainingFen: 10_000_000, cases: 0 });

    await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(200);
    const late = await caseAt('innovation-voucher', 2028, 1_000_000, 'recheck');
    const closedPool = await createBudgetPool(sys.dataSource, 'innovation-voucher', 2028, 10_000_000);
    await api().post(`/api/v1/budget-pools/${closedPool}/close`).set('Authorization', asAdmin).expect(200);
    await sys.waitForIdle();
    const lateTask = await recheckTask(late);
    const closedRes = await api().post(`/api/v1/tasks/${lateTask.id}/decision`).set('Authorization', asCity)
      .send({ version: lateTask.version, decision: 'approve', reason: '复核通过' }).expect(409);
    expect(closedRes.body.message).toMatch(/budget pool of innovation-voucher 2028 is closed/);
  });

  it('reduces an oversubscribed pro-rata round pro rata when it closes: fen-exact, splits recomputed, audited', async () => {
    const poolId = await createBudgetPool(sys.dataSource, 'rd-subsidy', 2023, 1_000_000, 'pro-rata');
    // Three approvals of 4000元, 4000元 and 6000元 against 10000元: the open round takes them all.
    const ids = [
      await caseAt('rd-subsidy', 2023, 400_000, 'public_notice'),
      await caseAt('rd-subsidy', 2023, 400_000, 'public_notice'),
      await caseAt('rd-subsidy', 2023, 600_000, 'public_notice'),
    ];
    expect(await pool(poolId)).toMatchObject({ reservedFen: 1_400_000, remainingFen: 0, oversubscribedFen: 400_000 });

    const closed = await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(200);
    // 400000 × 10/14 = 285714.28…, 600000 × 10/14 = 428571.42…: floors 285714 + 285714 + 428571 = 999999, and
    // the one fen left goes to the largest remainder (the 6000元 case, .428… > .285…).
    expect(closed.body).toMatchObject({ status: 'closed', reservedFen: 1_000_000, remainingFen: 0, oversubscribedFen: 0 });
    expect(closed.body.reductions).toEqual(expect.arrayContaining([
      { applicationId: ids[0], fromFen: 400_000, toFen: 285_714 },
      { applicationId: ids[1], fromFen: 400_000, toFen: 285_714 },
      { applicationId: ids[2], fromFen: 600_000, toFen: 428_572 },
    ]));

    const rows: { id: string; amount_fen: string; split: Record<string, number>; trace: { rule: string }[] }[] =
      await sys.dataSource.query('SELECT id, amount_fen, split, trace FROM applications WHERE id = ANY($1)', [ids]);
    for (const row of rows) {
      // rd-subsidy splits 3 : 3 : 4, as its calculator does.
      expect(sumSplit(row.split)).toBe(Number(row.amount_fen));
      expect(Object.keys(row.split).sort()).toEqual(['city', 'district', 'province']);
      expect(row.trace.map((t) => t.rule)).toContain('pro-rata-reduction');
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ids[2])?.split).toEqual({ province: 128_572, city: 128_571, district: 171_429 });
    const audit: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM audit_log WHERE action = 'case.pro-rata-reduced' AND stream = ANY($1)`,
      [ids.map((id) => `application:${id}`)],
    );
    expect(Number(audit[0].n)).toBe(3);
  });

  it('never reduces money already paid: only what is left after it is shared out', async () => {
    const poolId = await createBudgetPool(sys.dataSource, 'rd-subsidy', 2022, 1_000_000, 'pro-rata');
    const paid = await caseAt('rd-subsidy', 2022, 600_000, 'public_notice');
    const unpaid = await caseAt('rd-subsidy', 2022, 600_000, 'public_notice');
    const transitions = sys.http.get(CaseTransitions);
    await sys.dataSource.transaction(async (manager) => {
      const [row]: { version: number; program_version_id: string }[] = await manager.query(
        'SELECT version, program_version_id FROM applications WHERE id = $1', [paid],
      );
      const application = { id: paid, status: 'public_notice' as CaseStatus, version: row.version, programVersionId: row.program_version_id };
      const approved = await transitions.apply(manager, { application, action: { type: 'notice-ended' }, actor: SYSTEM_ACTOR });
      await transitions.apply(manager, {
        application: { ...application, status: approved.to, version: approved.version }, action: { type: 'paid' }, actor: SYSTEM_ACTOR,
      });
    });
    expect(await pool(poolId)).toMatchObject({ reservedFen: 1_200_000, cases: 2 });

    const closed = await api().post(`/api/v1/budget-pools/${poolId}/close`).set('Authorization', asAdmin).expect(200);
    expect(closed.body.reductions).toEqual([{ applicationId: unpaid, fromFen: 600_000, toFen: 400_000 }]);
    expect(closed.body).toMatchObject({ reservedFen: 1_000_000, remainingFen: 0 });
    const amounts: { id: string; amount_fen: string }[] = await sys.dataSource.query(
      'SELECT id, amount_fen FROM applications WHERE id = ANY($1) ORDER BY id', [[paid, unpaid]],
    );
    expect(Object.fromEntries(amounts.map((a) => [a.id, Number(a.amount_fen)]))).toEqual({ [paid]: 600_000, [unpaid]: 400_000 });
  });
});
