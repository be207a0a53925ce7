import { startTestSystem, TestSystem } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { BreachForecast } from '../../apps/api/src/sla/breach-forecast';

/**
 * The breach forecast reads only the clocks that can still breach (due before the latest day a case of their
 * version and stage could be expected on) and answers exactly what evaluating every green clock answers: each
 * case's expected day is checked against the forecast of that one case alone (the enterprise's view, which
 * reads no bound). Open cases of two programs in every counted stage and some that are not (补正, 公示), with
 * stage history, queues (one so long that its bound is dropped), and due days on either side of the bounds.
 */
describe('breach forecast: only the clocks that can breach, the same answer', () => {
  let sys: TestSystem;
  let forecast: BreachForecast;
  let today: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'sla_forecast', modules: [ApiModule], consume: [], relay: false });
    forecast = sys.http.get(BreachForecast);
    today = sys.time.today();
    const db = sys.dataSource;
    const versions: { id: string; program_code: string }[] = await db.query(
      `SELECT DISTINCT ON (program_code) id, program_code FROM program_versions
        WHERE program_code IN ('innovation-voucher', 'rd-subsidy') ORDER BY program_code, year_from DESC`,
    );
    // Cases: innovation vouchers in acceptance, formal review, recheck, 补正 and 公示; R&D cases in acceptance and
    // recheck (a queue of 300 behind a recheck that finished once in the window: its bound runs past the cap).
    const plan: [string, string, number][] = [
      ['innovation-voucher', 'acceptance', 60], ['innovation-voucher', 'formal_review', 40], ['innovation-voucher', 'recheck', 30],
      ['innovation-voucher', 'supplement', 10], ['innovation-voucher', 'public_notice', 10],
      ['rd-subsidy', 'acceptance', 20], ['rd-subsidy', 'recheck', 300],
    ];
    let k = 0;
    for (const [program, status, n] of plan) {
      const version = versions.find((v) => v.program_code === program)!;
      await db.query(
        `WITH e AS (
           INSERT INTO enterprises (credit_code, name, region_code, scale)
           SELECT 'FCST' || lpad((i + $1)::text, 14, '0'), 'forecast ' || (i + $1), (350102 + i % 3)::text, 'below' FROM generate_series(0, $2 - 1) i
           RETURNING id, region_code, credit_code),
         a AS (
           INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at)
           SELECT e.id, $3, $4, 2024, $5, '{}'::jsonb, now() FROM e RETURNING id, enterprise_id)
         SELECT 1 FROM a`,
        [k, n, program, version.id, status],
      );
      k += n;
    }
    // Review tasks in the counted stages, due over a range of days (some the same day, created apart).
    await db.query(
      `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, due_on, yellow_on, created_at)
       SELECT a.id, gen_random_uuid(), a.status, CASE WHEN row_number() OVER w % 4 = 0 THEN 'claimed' ELSE 'open' END,
              'district_reviewer', e.region_code, $1::date + (row_number() OVER w % 7)::int - 2, $1::date + (row_number() OVER w % 7)::int - 3,
              now() - (row_number() OVER w || ' minutes')::interval
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id
        WHERE a.status IN ('acceptance', 'formal_review', 'recheck')
       WINDOW w AS (PARTITION BY a.program_code, a.status ORDER BY e.credit_code)`,
      [today],
    );
    // Running clocks: each case's clock started up to 24 days ago, due 21, 46 or 71 days after its start (a limit of
    // 15 working days, or one extended), most still green; its current stage's clock started up to 6 days ago.
    await db.query(
      `INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
       SELECT a.id, 'case', a.program_code, e.region_code, 15, $1::date - (n % 25),
              $1::date - (n % 25) + 17 + (n % 3) * 25, $1::date - (n % 25) + 21 + (n % 3) * 25
         FROM (SELECT a.*, row_number() OVER (ORDER BY a.id)::int AS n FROM applications a) a JOIN enterprises e ON e.id = a.enterprise_id`,
      [today],
    );
    await db.query(
      `INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
       SELECT a.id, a.status, a.program_code, e.region_code, 3, $1::date - (n % 7), $1::date - (n % 7) + 2, $1::date - (n % 7) + 3
         FROM (SELECT a.*, row_number() OVER (ORDER BY a.id)::int AS n FROM applications a WHERE a.status IN ('acceptance', 'formal_review', 'recheck')) a
         JOIN enterprises e ON e.id = a.enterprise_id`,
      [today],
    );
    // Stage history over the window: vouchers move quickly through acceptance, slowly through formal review; one
    // R&D recheck finished in 20 working days.
    await db.query(
      `INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       SELECT $1::date - d, s.program, '350102', s.clock, '00000000-0000-0000-0000-000000000000'::uuid, s.used, s.n, s.n
         FROM generate_series(1, 25) d
        CROSS JOIN (VALUES ('innovation-voucher', 'acceptance', 1, 6), ('innovation-voucher', 'formal_review', 5, 2), ('innovation-voucher', 'recheck', 2, 6),
                           ('rd-subsidy', 'acceptance', 2, 1)) s(program, clock, used, n)`,
      [today],
    );
    await db.query(
      `INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       VALUES ($1::date - 3, 'rd-subsidy', '350102', 'recheck', '00000000-0000-0000-0000-000000000000'::uuid, 4, 1, 1)`,
      [today],
    );
  }, 120_000);
  afterAll(async () => sys?.stop());

  it('lists exactly the green clocks whose own forecast is late, with the same days, and evaluates fewer', async () => {
    const clocks: { application_id: string; due_on: string }[] = await sys.dataSource.query(
      `SELECT application_id, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM sla_running_clocks WHERE clock = 'case' AND yellow_on > $1`,
      [today],
    );
    const expected = new Map<string, string>();
    for (const c of clocks) {
      const on = await forecast.forCase(c.application_id);
      if (on !== null && on > c.due_on) expected.set(c.application_id, on);
    }
    // Both sides are populated: breaches foretold and green clocks that are fine, of both programs.
    const rd: { application_id: string }[] = await sys.dataSource.query(`SELECT id AS application_id FROM applications WHERE program_code = 'rd-subsidy'`);
    const vouchers = clocks.filter((c) => !rd.some((r) => r.application_id === c.application_id));
    const late = vouchers.filter((c) => expected.has(c.application_id)).length;
    expect(late).toBeGreaterThan(20);
    expect(vouchers.length - late).toBeGreaterThan(20);
    expect(expected.size - late).toBeGreaterThan(200);

    const evaluate = jest.spyOn(BreachForecast.prototype as unknown as { expected: () => unknown }, 'expected');
    const listed = await forecast.list({ limit: 1000 });
    const evaluated = evaluate.mock.calls.length;
    evaluate.mockRestore();

    expect(new Map(listed.map((f) => [f.applicationId, f.expectedOn]))).toEqual(expected);
    expect(listed).toHaveLength(expected.size);
    // Ordered latest first, then by due day and case id.
    const sorted = [...listed].sort(
      (a, b) => b.expectedLateDays - a.expectedLateDays || a.dueOn.localeCompare(b.dueOn) || a.applicationId.localeCompare(b.applicationId),
    );
    expect(listed).toEqual(sorted);
    // The clocks that cannot breach were not read: fewer evaluated than there are green clocks (the 300 R&D
    // rechecks behind a years-long queue are all read, their bound dropped).
    expect(evaluated).toBeGreaterThanOrEqual(expected.size);
    expect(evaluated).toBeLessThan(clocks.length);
    // A page of it is its head.
    expect(await forecast.list({ limit: 10 })).toEqual(listed.slice(0, 10));
    // Filters narrow it the same way.
    const voucherList = await forecast.list({ limit: 1000, program: 'innovation-voucher' });
    expect(voucherList).toEqual(listed.filter((f) => f.program === 'innovation-voucher'));
  });
});
