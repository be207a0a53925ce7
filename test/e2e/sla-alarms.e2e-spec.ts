import { ALL_QUEUES, JobName, QueueName } from '@app/contracts';
import { addCalendarDays, chineseWorkingDayCalendar, clockAlarms, dayNumber } from '@app/domain';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import IORedis from 'ioredis';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { AlarmFiring } from '@app/alarms';
import { SlaSweep } from '../../apps/sla/src/sla-sweep';

/**
 * The SLA engine end to end: a case left in acceptance (stage limit 2 working days) rings yellow, red and the
 * first escalation exactly once each as the injected clock moves on; a case refused in time rings nothing;
 * deleting the test's Redis keys (its FLUSHALL) loses no alarm; a calendar override moves open due dates.
 */
/**
 * This system's FLUSHALL: every key of its prefix removed in ONE command, as FLUSHALL removes everything at
 * once. (`deletePrefix` deletes page by page while the sweep runs every 300 ms: a sweep between two pages
 * re-arms and then loses half its fresh timers to a later page — a state FLUSHALL never produces.)
 */
async function flushPrefix(sys: TestSystem): Promise<void> {
  const redis = new IORedis(sys.redisUrl);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, page] = await redis.scan(cursor, 'MATCH', `${sys.prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...page);
    } while (cursor !== '0');
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe('SLA alarms, dashboard and calendar overrides, end to end', () => {
  let sys: TestSystem;
  let server: unknown;
  const api = () => request(server as Parameters<typeof request>[0]);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'sla_alarms', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
  });
  afterAll(async () => sys?.stop());

  const travelTo = (day: string) => {
    const days = dayNumber(day) - dayNumber(sys.time.today());
    if (days > 0) sys.travelDays(days);
  };

  async function submit(auth: string, serviceFeesFen: number): Promise<string> {
    const res = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen, relatedParty: false, isMaker: false } })
      .expect(201);
    return res.body.id as string;
  }

  async function alarmsOf(id: string): Promise<string[]> {
    const rows: { clock: string; level: string }[] = await sys.dataSource.query(
      'SELECT clock, level FROM sla_alarms WHERE application_id = $1 ORDER BY clock, id',
      [id],
    );
    return rows.map((r) => `${r.clock}/${r.level}`);
  }

  async function running(id: string, clock: string) {
    return waitFor(async () => {
      const rows: { counting_from: string; yellow_on: string; due_on: string }[] = await sys.dataSource.query(
        `SELECT to_char(counting_from, 'YYYY-MM-DD') AS counting_from, to_char(yellow_on, 'YYYY-MM-DD') AS yellow_on,
                to_char(due_on, 'YYYY-MM-DD') AS due_on FROM sla_running_clocks WHERE application_id = $1 AND clock = $2`,
        [id, clock],
      );
      return rows[0];
    }, `the ${clock} clock of ${id} to be armed`);
  }

  it('fires yellow, red and an escalation once each, none for a case finished in time, and survives a flush', async () => {
    const late = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const prompt = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const reviewer = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const asReviewer = await login(server, reviewer.username);
    const asAdmin = await login(server, admin.username);

    const lateId = await submit(await login(server, late.username), 5_000_000);
    const promptId = await submit(await login(server, prompt.username), 4_000_000);
    await sys.waitForIdle();

    // The prompt case is refused at acceptance on its first day: 办结 in time.
    const task = await waitFor(async () => {
      const res = await api().get('/api/v1/tasks').set('Authorization', asReviewer).expect(200);
      return (res.body as { id: string; applicationId: string; version: number }[]).find((t) => t.applicationId === promptId);
    }, 'the acceptance task of the prompt case');
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asReviewer)
      .send({ version: task.version, decision: 'refuse', reason: '不符合申报条件' }).expect(200);

    const acceptance = await running(lateId, 'acceptance');
    const [yellow, red, escalation] = clockAlarms({
      events: [{ type: 'start', on: acceptance.counting_from }],
      limitDays: 2,
      calendar: chineseWorkingDayCalendar(),
    });
    expect(acceptance.yellow_on).toBe(yellow.on);

    travelTo(yellow.on);
    await waitFor(async () => (await alarmsOf(lateId)).includes('acceptance/yellow'), 'the yellow alarm');
    expect(await alarmsOf(lateId)).toEqual(['acceptance/yellow']);
    // Whoever the unclaimed task waits for hears of it; a director only from the breach on.
    const director = await createStaff(sys.dataSource, ['director']);
    const asDirector = await login(server, director.username);
    const told = async (auth: string) =>
      ((await api().get('/api/v1/notifications').set('Authorization', auth).expect(200)).body as { applicationId: string; kind: string }[])
        .filter((n) => n.applicationId === lateId && n.kind.startsWith('sla.')).map((n) => n.kind).sort();
    // The alarm is recorded first, the people it concerns are told right after.
    await waitFor(async () => (await told(asReviewer)).length > 0, 'the reviewer to hear of the yellow alarm');
    expect(await told(asReviewer)).toEqual(['sla.yellow']);
    expect(await told(asDirector)).toEqual([]);

    // Redis loses everything of this system (its FLUSHALL): timers, the sweep's schedule, the arming marker.
    await flushPrefix(sys);
    // The sweep re-arms the case: its timers are rows (they survive), and their wake-ups are set again.
    await waitFor(async () => {
      const delayed = await sys.queues.queue(QueueName.Alarms).getJobs(['delayed']);
      const moments = delayed.filter((j) => j?.name === JobName.FireAlarm).map((j) => j.data.dueAt as string);
      const timers: { level: string; due_at: Date }[] = await sys.dataSource.query(
        `SELECT level, due_at FROM sla_timers WHERE application_id = $1 AND clock = 'acceptance'`,
        [lateId],
      );
      const armed = timers.filter((t) => moments.includes(t.due_at.toISOString())).map((t) => t.level);
      return ['red', 'escalation-2', 'escalation-3'].every((l) => armed.includes(l));
    }, 'the sweep to re-arm the flushed wake-ups');

    travelTo(red.on);
    await waitFor(async () => (await alarmsOf(lateId)).includes('acceptance/red'), 'the red alarm');
    await waitFor(async () => (await told(asDirector)).length > 0, 'the director to hear of the breach');
    expect(await told(asDirector)).toEqual(['sla.red']);
    travelTo(escalation.on);
    await waitFor(async () => (await alarmsOf(lateId)).includes('acceptance/escalation-2'), 'the first escalation');

    // However often the timers ring and the sweep passes, each alarm stays recorded once.
    for (let i = 0; i < 3; i++) {
      await sys.running.app.get(SlaSweep).sweep();
      await sys.running.app.get(AlarmFiring).drain();
    }
    expect(await alarmsOf(lateId)).toEqual(['acceptance/yellow', 'acceptance/red', 'acceptance/escalation-2']);
    expect(await alarmsOf(promptId)).toEqual([]);
    const lateness: { n: string }[] = await sys.dataSource.query(
      'SELECT count(*) AS n FROM sla_alarms WHERE application_id = $1 AND lateness_ms >= 0',
      [lateId],
    );
    expect(Number(lateness[0].n)).toBe(3);

    // The dashboard: the refused case is completed on time; the late one is overdue in acceptance.
    const summary = await api().get('/api/v1/sla/summary').set('Authorization', asAdmin).expect(200);
    expect(summary.body).toMatchObject({ clock: 'case', completed: 1, onTime: 1, onTimeRate: 1, open: 1 });
    const stage = await api().get('/api/v1/sla/summary?stage=acceptance').set('Authorization', asAdmin).expect(200);
    expect(stage.body).toMatchObject({ clock: 'acceptance', completed: 1, onTime: 1, overdue: 1, atRisk: 0 });
    const overdue = await api().get('/api/v1/sla/cases?level=overdue&stage=acceptance').set('Authorization', asAdmin).expect(200);
    expect(overdue.body).toHaveLength(1);
    // Named by the number the enterprise and its messages know it by.
    const lateView = await api().get(`/api/v1/applications/${lateId}`).set('Authorization', asAdmin).expect(200);
    expect(lateView.body.caseNumber).toMatch(/^\d{4}-\d{8}$/);
    expect(overdue.body[0]).toMatchObject({ applicationId: lateId, caseNumber: lateView.body.caseNumber, clock: 'acceptance', dueOn: acceptance.due_on });
    expect(overdue.body[0].overdueWorkingDays).toBeGreaterThanOrEqual(5);
    expect(overdue.body[0].holders).toEqual([
      expect.objectContaining({ stage: 'acceptance', candidateRole: 'district_reviewer', assigneeId: null }),
    ]);
    const csv = await api().get('/api/v1/sla/summary.csv').set('Authorization', asAdmin).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('clock,from,to,onTimeRate,completed,onTime,open,atRisk,overdue,meanWorkingDays,p90WorkingDays');
    const metrics = await api().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/subsidy_sla_overdue \d+/);

    const bad = await api().get('/api/v1/sla/summary?from=yesterday&reviewer=7').set('Authorization', asAdmin).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['from', 'reviewer']));
    await api().get('/api/v1/sla/cases?level=purple').set('Authorization', asAdmin).expect(400);
    await api().get('/api/v1/sla/summary').set('Authorization', asReviewer).expect(403);
  });

  it('moves the due dates of open cases when an override is added, and back when it is removed', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const asAdmin = await login(server, admin.username);
    const id = await submit(await login(server, enterprise.username), 6_000_000);
    await sys.waitForIdle();
    const before = await running(id, 'case');
    const calendar = chineseWorkingDayCalendar();
    expect(before.due_on).toBe(calendar.addWorkingDays(before.counting_from, 15));

    // Forecast: acceptance moved one case in the last 20 working days (λ = 1/20 a day) and the late case is
    // queued ahead of this one, so by Little's law this green case waits ~20 working days: a breach foretold.
    const forecast = await api().get('/api/v1/sla/forecast').set('Authorization', asAdmin).expect(200);
    const foretold = (forecast.body as { applicationId: string; caseNumber: string; expectedOn: string }[]).find((f) => f.applicationId === id)!;
    expect(foretold).toMatchObject({ status: 'acceptance', dueOn: before.due_on, stagesAhead: ['acceptance', 'formal_review', 'recheck'] });
    expect(foretold.expectedOn > before.due_on).toBe(true);
    // The case view counts the tasks ahead of this one instead of ranking the queue: the same place, the same day
    // (then the 7 calendar days of 公示, and 办结 the day after).
    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', asAdmin).expect(200);
    expect(view.body.expectedCompletionOn).toBe(addCalendarDays(foretold.expectedOn, 8));
    expect(foretold.caseNumber).toBe(view.body.caseNumber);

    const bad = await api().post('/api/v1/calendar/overrides').set('Authorization', asAdmin)
      .send({ date: '2026-13-01', kind: 'festival' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['date', 'kind', 'reason']));

    // The next working day becomes a holiday (announced at short notice): every open due date moves one later.
    const holiday = calendar.addWorkingDays(before.counting_from, 1);
    const shifted = calendar.withOverrides([{ date: holiday, kind: 'holiday' }]).addWorkingDays(before.counting_from, 15);
    expect(shifted > before.due_on).toBe(true);
    await api().post('/api/v1/calendar/overrides').set('Authorization', asAdmin)
      .send({ date: holiday, kind: 'holiday', reason: '假期临时延长' }).expect(201);
    const dueOn = async () => {
      const [row]: { due_on: string }[] = await sys.dataSource.query(
        `SELECT to_char(due_on, 'YYYY-MM-DD') AS due_on FROM applications WHERE id = $1`,
        [id],
      );
      return row.due_on;
    };
    await waitFor(async () => (await dueOn()) === shifted, 'SLA repair to move the due date');
    await waitFor(async () => (await running(id, 'case')).due_on === shifted, 'the alarms to be re-armed on the new date');

    const list = await api().get('/api/v1/calendar/overrides').set('Authorization', asAdmin).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ date: holiday, kind: 'holiday', reason: '假期临时延长' })]);
    const audit: { action: string }[] = await sys.dataSource.query(`SELECT action FROM audit_log WHERE stream = 'calendar'`);
    expect(audit.map((a) => a.action)).toEqual(['calendar.override.put']);

    await api().delete(`/api/v1/calendar/overrides/${holiday}`).set('Authorization', asAdmin).expect(204);
    await waitFor(async () => (await dueOn()) === before.due_on, 'SLA repair to move the due date back');
    await api().delete(`/api/v1/calendar/overrides/${holiday}`).set('Authorization', asAdmin).expect(404);
    const enterpriseAuth = await login(server, enterprise.username);
    await api().get('/api/v1/calendar/overrides').set('Authorization', enterpriseAuth).expect(403);
  });
});
