import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, handInMaterials, login, startTestSystem, TestSystem, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

interface Reviewer {
  id: string;
  displayName: string;
  roles: string[];
  regionCode: string | null;
  held: number;
  atRisk: number;
  overdue: number;
  decided: number;
  onTime: number;
  onTimeRate: number | null;
  meanWorkingDays: number | null;
  lastDecisionAt: string | null;
}

/**
 * The reviewers' workload (GET /api/v1/sla/reviewers): every reviewer in the caller's scope, the idle ones with
 * zeros, what each holds coloured as their queue colours it, and what each decided as the summary counts it.
 */
describe('the reviewers’ workload', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  let asAdmin: string;
  const staff: Record<string, { accountId: string; username: string }> = {};

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'sla_reviewers', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    staff.busy = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    staff.light = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    staff.idle = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    staff.elsewhere = await createStaff(sys.dataSource, ['district_reviewer'], '350111');
    staff.city = await createStaff(sys.dataSource, ['city_reviewer']);
    staff.director = await createStaff(sys.dataSource, ['director']);
    staff.expert = await createStaff(sys.dataSource, ['expert']);
  });
  afterAll(async () => sys?.stop());

  const reviewers = async (auth: string, query = ''): Promise<Reviewer[]> =>
    (await api().get(`/api/v1/sla/reviewers${query}`).set('Authorization', auth).expect(200)).body;
  const row = (list: Reviewer[], who: string) => list.find((r) => r.id === staff[who].accountId);
  /** A voucher case of an enterprise of its own in Gulou (one open case per enterprise, program and year). */
  const apply = async () => {
    const enterprise = await login(server, (await createEnterprise(sys.dataSource, { regionCode: '350102' })).username);
    const created = await api().post('/api/v1/applications').set('Authorization', enterprise)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false, isMaker: false } }).expect(201);
    return created.body.id as string;
  };
  const claim = async (auth: string, applicationId: string) => {
    const task = await waitForTask(server, auth, applicationId, 'acceptance');
    const claimed = await api().post(`/api/v1/tasks/${task.id}/claim`).set('Authorization', auth).send({ version: task.version }).expect(200);
    return { id: task.id, version: claimed.body.version as number };
  };
  const decide = (auth: string, task: { id: string; version: number }, decision: string) =>
    api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', auth)
      .send({ version: task.version, decision, reason: `${decision} by the desk` }).expect(200);
  /** Whole days from the system's today to a day (the clock moves by whole days). */
  const daysUntil = async (day: string) =>
    Number((await sys.dataSource.query('SELECT $1::date - $2::date AS n', [day, sys.time.today()]))[0].n);

  it('lists every reviewer, the idle ones with zeros, and follows claims, decisions and the clock', async () => {
    const asBusy = await login(server, staff.busy.username);
    const [first, second, third] = [await apply(), await apply(), await apply()];

    const before = await reviewers(asAdmin);
    expect(before.map((r) => r.id).sort()).toEqual(
      ['busy', 'light', 'idle', 'elsewhere', 'city', 'director'].map((w) => staff[w].accountId).sort(),
    );
    expect(row(before, 'idle')).toEqual({
      id: staff.idle.accountId, displayName: staff.idle.username, roles: ['district_reviewer'], regionCode: '350102',
      held: 0, atRisk: 0, overdue: 0, decided: 0, onTime: 0, onTimeRate: null, meanWorkingDays: null, lastDecisionAt: null,
    });
    expect(row(before, 'city')).toMatchObject({ regionCode: null, held: 0 });

    const tasks = [await claim(asBusy, first), await claim(asBusy, second), await claim(asBusy, third)];
    await handInMaterials(sys.dataSource, first);
    await decide(asBusy, tasks[0], 'approve');
    await sys.waitForIdle();
    const fresh = row(await reviewers(asAdmin), 'busy')!;
    expect(fresh).toMatchObject({ held: 2, atRisk: 0, overdue: 0, decided: 1, onTime: 1, onTimeRate: 1 });
    expect(fresh.lastDecisionAt).not.toBeNull();
    // Decided as the summary counts a reviewer's decisions: the stage clocks they stopped.
    const summary = (await api().get(`/api/v1/sla/summary?reviewer=${staff.busy.accountId}`).set('Authorization', asAdmin).expect(200)).body;
    expect({ decided: fresh.decided, onTime: fresh.onTime, meanWorkingDays: fresh.meanWorkingDays })
      .toEqual({ decided: summary.completed, onTime: summary.onTime, meanWorkingDays: summary.meanWorkingDays });

    // The stage's own yellow day, then the day after its due day: what the queue colours, the list counts.
    const [dates]: { yellow_on: string; due_on: string }[] = await sys.dataSource.query(
      `SELECT to_char(yellow_on, 'YYYY-MM-DD') AS yellow_on, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM review_tasks WHERE id = $1`, [tasks[1].id]);
    sys.travelDays(await daysUntil(dates.yellow_on));
    await sys.waitForIdle();
    expect(row(await reviewers(asAdmin), 'busy')).toMatchObject({ held: 2, atRisk: 2, overdue: 0 });
    sys.travelDays((await daysUntil(dates.due_on)) + 1);
    await sys.waitForIdle();
    expect(row(await reviewers(asAdmin), 'busy')).toMatchObject({ held: 2, atRisk: 0, overdue: 2 });
    const red = (await api().get('/api/v1/tasks?scope=mine&colour=red').set('Authorization', asBusy).expect(200)).body;
    expect(red.map((t: { id: string }) => t.id).sort()).toEqual([tasks[1].id, tasks[2].id].sort());

    // A late decision: decided but not on time, in the period that starts today and not in the one that ends before.
    await decide(asBusy, tasks[1], 'refuse');
    await sys.waitForIdle();
    const today = sys.time.today();
    const late = row(await reviewers(asAdmin), 'busy')!;
    expect(late).toMatchObject({ held: 1, atRisk: 0, overdue: 1, decided: 2, onTime: 1, onTimeRate: 0.5 });
    expect(late.lastDecisionAt! > fresh.lastDecisionAt!).toBe(true);
    expect(row(await reviewers(asAdmin, `?from=${today}`), 'busy')).toMatchObject({ decided: 1, onTime: 0, onTimeRate: 0, lastDecisionAt: late.lastDecisionAt });
    const yesterday = (await sys.dataSource.query(`SELECT to_char($1::date - 1, 'YYYY-MM-DD') AS d`, [today]))[0].d;
    expect(row(await reviewers(asAdmin, `?to=${yesterday}`), 'busy')).toMatchObject({ decided: 1, onTime: 1 });
    const inPeriod = (await api().get(`/api/v1/sla/summary?reviewer=${staff.busy.accountId}&from=${today}`).set('Authorization', asAdmin).expect(200)).body;
    expect(inPeriod).toMatchObject({ completed: 1, onTime: 0 });

    // A new case claimed by another: held but green. Most overdue first, then at risk, then held.
    const asLight = await login(server, staff.light.username);
    await claim(asLight, await apply());
    const order = await reviewers(asAdmin);
    expect(order.slice(0, 2).map((r) => r.id)).toEqual([staff.busy.accountId, staff.light.accountId]);
    expect(row(order, 'light')).toMatchObject({ held: 1, atRisk: 0, overdue: 0, decided: 0 });
    expect(order.slice(2).every((r) => r.held === 0)).toBe(true);

    const csv = await api().get('/api/v1/sla/reviewers.csv').set('Authorization', asAdmin).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const [header, busyRow] = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('id,displayName,roles,regionCode,held,atRisk,overdue,decided,onTime,onTimeRate,meanWorkingDays,lastDecisionAt');
    expect(busyRow.split(',').slice(0, 9)).toEqual([staff.busy.accountId, staff.busy.username, 'district_reviewer', '350102', '1', '0', '1', '2', '1']);
  });

  it('shows a district lead its district’s reviewers only, and refuses everyone but leads', async () => {
    const districtLead = await createStaff(sys.dataSource, ['director'], '350102');
    const asLead = await login(server, districtLead.username);
    const ids = (await reviewers(asLead)).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([staff.busy.accountId, staff.idle.accountId, districtLead.accountId]));
    expect(ids).not.toContain(staff.elsewhere.accountId);
    expect(ids).not.toContain(staff.city.accountId);
    expect((await reviewers(await login(server, staff.director.username))).map((r) => r.id)).toContain(staff.elsewhere.accountId);

    const enterprise = await createEnterprise(sys.dataSource);
    for (const username of [staff.busy.username, staff.expert.username, enterprise.username]) {
      const auth = await login(server, username);
      await api().get('/api/v1/sla/reviewers').set('Authorization', auth).expect(403);
      await api().get('/api/v1/sla/reviewers.csv').set('Authorization', auth).expect(403);
    }
    await api().get('/api/v1/sla/reviewers').expect(401);
  });

  it('refuses a bad period with a 400 naming the field, as JSON on the CSV too', async () => {
    for (const path of ['reviewers', 'reviewers.csv']) {
      const notADay = await api().get(`/api/v1/sla/${path}?from=2026-13-01`).set('Authorization', asAdmin).expect(400);
      expect(notADay.headers['content-type']).toMatch(/json/);
      expect(notADay.body.fields.map((f: { field: string }) => f.field)).toEqual(['from']);
      const backwards = await api().get(`/api/v1/sla/${path}?from=2026-03-01&to=2026-02-01`).set('Authorization', asAdmin).expect(400);
      expect(backwards.body.fields).toEqual([{ field: 'from', message: expect.stringContaining('2026-02-01') }]);
      const stray = await api().get(`/api/v1/sla/${path}?reviewer=${staff.busy.accountId}`).set('Authorization', asAdmin).expect(400);
      expect(stray.body.fields.map((f: { field: string }) => f.field)).toEqual(['reviewer']);
    }
  });
});
