import { ALL_QUEUES } from '@app/contracts';
import { BUILTIN_PROGRAM_VERSIONS, chineseWorkingDayCalendar, dayNumber, fromDayNumber, ProgramVersion } from '@app/domain';
import { startOfShanghaiDay } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * SLA figures a bureau can trust: filters that cannot match anything are refused rather than answered with
 * zeros, an on-time rate with nothing completed is absent from /metrics as from the API, and an alarm's
 * lateness counts from the moment it became due — never from the start of a day it was not yet known on.
 */
describe('SLA queries, metrics and alarm lateness', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  let asAdmin: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'sla_queries', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
  });
  afterAll(async () => sys?.stop());

  it('refuses an unknown program, an unknown stage and a period that ends before it starts (400 naming the field)', async () => {
    for (const path of ['summary', 'summary.csv', 'cases?level=overdue&', 'forecast']) {
      const url = (q: string) => `/api/v1/sla/${path}${path.endsWith('&') ? '' : '?'}${q}`;
      const unknown = await api().get(url('program=no-such-program')).set('Authorization', asAdmin).expect(400);
      expect(unknown.headers['content-type']).toMatch(/json/);
      expect(unknown.body.fields).toEqual([{ field: 'program', message: expect.stringContaining('no-such-program') }]);
      const stage = await api().get(url('stage=lunch')).set('Authorization', asAdmin).expect(400);
      expect(stage.body.fields.map((f: { field: string }) => f.field)).toEqual(['stage']);
      const backwards = await api().get(url('from=2026-03-01&to=2026-02-01')).set('Authorization', asAdmin).expect(400);
      expect(backwards.body.fields).toEqual([{ field: 'from', message: expect.stringContaining('2026-02-01') }]);
    }
    await api().get('/api/v1/sla/summary?program=rd-subsidy&from=2026-02-01&to=2026-02-01').set('Authorization', asAdmin).expect(200);
  });

  it('leaves the on-time rate out of /metrics while nothing has completed, as the API says null', async () => {
    const summary = await api().get(`/api/v1/sla/summary?from=${sys.time.today().slice(0, 4)}-01-01`).set('Authorization', asAdmin).expect(200);
    expect(summary.body).toMatchObject({ completed: 0, onTimeRate: null });
    const metrics = await api().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^subsidy_sla_completed 0$/m);
    expect(metrics.text).not.toMatch(/^subsidy_sla_on_time_rate /m);
  });

  it('measures an alarm that is due the day its clock starts from the start, not from midnight', async () => {
    // A round whose acceptance stage has one working day: its yellow alarm falls on the day the stage begins.
    const builtin = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'innovation-voucher' && v.version === '2024')!;
    const round: ProgramVersion = { ...(JSON.parse(JSON.stringify(builtin)) as ProgramVersion), version: '2025-short', years: { from: 2025, to: null } };
    round.stages = round.stages.map((s) => (s.code === 'acceptance' ? { ...s, limitDays: 1 } : s));
    await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin).send(round).expect(201);
    // Noon of the next working day in Shanghai: twelve hours after that day began.
    const calendar = chineseWorkingDayCalendar();
    let day = dayNumber(sys.time.today()) + 1;
    while (!calendar.isWorkingDayNumber(day)) day++;
    const noon = startOfShanghaiDay(fromDayNumber(day)).getTime() + 12 * 3600 * 1000;
    sys.time.travel(noon - sys.time.now().getTime());

    const e = await createEnterprise(sys.dataSource);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username))
      .send({ program: 'innovation-voucher', year: 2025, facts: { serviceFeesFen: 4_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    let alarm: { due_at: Date; fired_at: Date; lateness_ms: string } | undefined;
    await waitFor(async () => {
      [alarm] = await sys.dataSource.query(
        `SELECT due_at, fired_at, lateness_ms FROM sla_alarms WHERE application_id = $1 AND clock = 'acceptance' AND level = 'yellow'`, [id],
      );
      return alarm !== undefined;
    }, 'the yellow alarm of the one-day stage');
    const [started]: { at: Date }[] = await sys.dataSource.query(
      `SELECT at FROM clock_events WHERE application_id = $1 AND clock = 'acceptance' AND type = 'start'`, [id],
    );
    expect(new Date(alarm!.due_at).getTime()).toBe(new Date(started.at).getTime());
    expect(Number(alarm!.lateness_ms)).toBeLessThan(60_000);
  });

  it('answers a year month by month in one request, as twelve month summaries do', async () => {
    // Completions of 2025 in the monthly sums: case and stage clocks, two programs and districts, on time or not.
    await sys.dataSource.query(
      `INSERT INTO sla_rollup_monthly (month, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       SELECT make_date(2025, m, 1), p, r, c, '00000000-0000-0000-0000-000000000000'::uuid, u, 1 + (m + u) % 4, (m + u) % 3
         FROM generate_series(1, 11, 2) m, unnest(ARRAY['innovation-voucher', 'rd-subsidy']) p, unnest(ARRAY['350102', '350111']) r,
              unnest(ARRAY['case', 'acceptance']) c, generate_series(3, 17, 7) u
        WHERE NOT (m = 5 AND p = 'rd-subsidy')`,
    );
    for (const filter of ['', '&program=rd-subsidy', '&stage=acceptance&region=350111']) {
      const months = await api().get(`/api/v1/sla/summary/months?year=2025${filter}`).set('Authorization', asAdmin).expect(200);
      expect(months.body.map((m: { month: string }) => m.month)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
      for (const month of months.body as { from: string; to: string }[]) {
        const one = await api().get(`/api/v1/sla/summary?from=${month.from}&to=${month.to}${filter}`).set('Authorization', asAdmin).expect(200);
        const { open: _open, atRisk: _atRisk, overdue: _overdue, ...completed } = one.body;
        expect(month).toEqual({ month: month.from.slice(0, 7), ...completed });
      }
      expect(months.body.filter((m: { completed: number }) => m.completed > 0)).toHaveLength(filter.includes('rd-subsidy') ? 5 : 6);
    }
    const bad = await api().get('/api/v1/sla/summary/months?year=twenty&program=no-such-program').set('Authorization', asAdmin).expect(400);
    expect([...new Set(bad.body.fields.map((f: { field: string }) => f.field))]).toEqual(['year']);
    const unknown = await api().get('/api/v1/sla/summary/months?year=2025&program=no-such-program').set('Authorization', asAdmin).expect(400);
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toEqual(['program']);
  });
});
