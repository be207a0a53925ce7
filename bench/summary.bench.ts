import { createStaff, login, startTestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../apps/api/src/api.module';
import { percentile, report, timed } from './report';

/**
 * GET /api/v1/sla/summary over a large history: CASES completed cases (default 1,000,000) over four years,
 * their roll-up rows (case clock and three stage clocks by 40 reviewers) as the transition hook writes them,
 * and 10,000 open cases with running clocks; then REQUESTS timed requests per filter over HTTP.
 */
export async function summaryBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 1_000_000);
  const requests = Number(process.env.BENCH_REQUESTS ?? 200);
  const sys = await startTestSystem({ label: 'bench_summary', modules: [ApiModule], consume: [], relay: false, env: { LOG_LEVEL: 'error' } });
  try {
    const db = sys.dataSource;
    const seed = await timed(async () => {
      await db.query(`SET maintenance_work_mem = '256MB'`);
      // Ordinary (unlogged) tables, not TEMP ones: each db.query may run on another pooled connection, and a
      // TEMP table is visible only to the session that made it. They go with the bench's database.
      await db.query(
        `INSERT INTO enterprises (credit_code, name, region_code, scale)
         SELECT 'BENCH' || lpad(i::text, 13, '0'), 'bench ' || i, (350100 + 1 + i % 10)::text, 'below' FROM generate_series(0, 49999) i`,
      );
      await db.query(`CREATE UNLOGGED TABLE bench_reviewers AS SELECT k, gen_random_uuid() AS id FROM generate_series(0, 39) k`);
      await db.query(`CREATE UNLOGGED TABLE bench_ent AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, region_code FROM enterprises`);
      await db.query(`CREATE UNLOGGED TABLE bench_pv AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, id, program_code FROM program_versions`);
      const [{ n: versions }]: { n: string }[] = await db.query('SELECT count(*) AS n FROM bench_pv');
      await db.query(
        `CREATE UNLOGGED TABLE bench_cases AS
         SELECT i, e.id AS enterprise_id, e.region_code, pv.id AS version_id, pv.program_code,
                2000 + i / 50000 AS year,
                (DATE '2022-12-01' + (random() * 1456)::int) AS day,
                3 + (random() * random() * 18)::int AS used_case,
                (random() * 3)::int AS used_acc, 1 + (random() * 5)::int AS used_formal, 1 + (random() * 5)::int AS used_recheck,
                (i % 40) AS reviewer, (i % 7 = 0) AS refused
           FROM generate_series(0, $1 - 1) i
           JOIN bench_ent e ON e.k = i % 50000
           JOIN bench_pv pv ON pv.k = i % $2`,
        [cases, Number(versions)],
      );
      await db.query(
        `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at, decided_at)
         SELECT enterprise_id, program_code, version_id, year, CASE WHEN refused THEN 'refused' ELSE 'approved' END, '{}'::jsonb,
                day - 20, day FROM bench_cases`,
      );
      // The roll-up exactly as the transition hook would have written it, one clock at a time.
      for (const [clock, used, limit] of [['case', 'used_case', 15], ['acceptance', 'used_acc', 2], ['formal_review', 'used_formal', 5], ['recheck', 'used_recheck', 5]] as const) {
        await db.query(
          `INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
           SELECT c.day, c.program_code, c.region_code, $1,
                  ${clock === 'case' ? `'00000000-0000-0000-0000-000000000000'::uuid` : 'r.id'}, c.${used}, count(*), count(*) FILTER (WHERE c.${used} <= $2)
             FROM bench_cases c JOIN bench_reviewers r ON r.k = c.reviewer
            GROUP BY 1, 2, 3, 4, 5, 6`,
          [clock, limit],
        );
      }
      await db.query(
        `INSERT INTO sla_rollup_monthly (clock, month, program_code, region_code, reviewer_id, used_days, completed, on_time)
         SELECT clock, date_trunc('month', day)::date, program_code, region_code, reviewer_id, used_days, sum(completed), sum(on_time)
           FROM sla_rollup GROUP BY 1, 2, 3, 4, 5, 6`,
      );
      await db.query(
        `WITH opened AS (
           INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at)
           SELECT e.id, pv.program_code, pv.id, 2100 + i / 50000, 'formal_review', '{}'::jsonb, now()
             FROM generate_series(0, 9999) i JOIN bench_ent e ON e.k = i % 50000 JOIN bench_pv pv ON pv.k = i % ${Number(versions)}
           RETURNING id, program_code, enterprise_id)
         INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
         SELECT o.id, 'case', o.program_code, e.region_code, 15, CURRENT_DATE - 10, CURRENT_DATE - 5 + (random() * 10)::int,
                CURRENT_DATE - 2 + (random() * 12)::int
           FROM opened o JOIN enterprises e ON e.id = o.enterprise_id`,
      );
      // A long-lived table has been vacuumed by autovacuum; a freshly loaded one has not (index-only scans need it).
      await db.query('VACUUM ANALYZE');
    });
    const [{ n: rollupRows, m: monthlyRows }]: { n: string; m: string }[] = await db.query(
      'SELECT (SELECT count(*) FROM sla_rollup) AS n, (SELECT count(*) FROM sla_rollup_monthly) AS m',
    );

    const admin = await createStaff(db, ['administrator']);
    const server = sys.http.getHttpServer();
    const auth = await login(server, admin.username);
    const [{ id: reviewer }]: { id: string }[] = await db.query('SELECT id FROM bench_reviewers WHERE k = 7');
    const scenarios: [string, string][] = [
      ['all time, case clock', ''],
      ['one year', 'from=2025-01-01&to=2025-12-31'],
      ['program + region + quarter', 'from=2026-01-01&to=2026-03-31&program=rd-subsidy&region=350103'],
      ['stage + reviewer, one year', `from=2025-01-01&to=2025-12-31&stage=formal_review&reviewer=${reviewer}`],
    ];
    const rows = [{ bench: 'summary', measure: 'seed (s)', value: seed.ms / 1000, unit: 's' }];
    let first: unknown = null;
    for (const [name, query] of scenarios) {
      const times: number[] = [];
      for (let i = 0; i < requests + 10; i++) {
        const { ms, value } = await timed(() => request(server).get(`/api/v1/sla/summary?${query}`).set('Authorization', auth).expect(200));
        if (i >= 10) times.push(ms); // the first ten warm caches and connections
        first ??= value.body;
      }
      rows.push({ bench: 'summary', measure: `${name} p50`, value: percentile(times, 50), unit: 'ms' });
      rows.push({ bench: 'summary', measure: `${name} p95`, value: percentile(times, 95), unit: 'ms', target: '< 100 ms' } as never);
    }
    report('summary endpoint', rows, { cases, rollupRows: Number(rollupRows), monthlyRows: Number(monthlyRows), requestsPerScenario: requests, sample: first });
  } finally {
    await sys.stop();
  }
}
