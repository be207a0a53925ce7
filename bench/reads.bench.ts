import { createHash } from 'node:crypto';
import { createStaff, login, startTestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../apps/api/src/api.module';
import { percentile, report, timed } from './report';
import { seedOpenCases } from './seed-open-cases';

/**
 * The two API reads that grew with the population (BENCHMARKS.md, "The pages"): `GET /api/v1/sla/forecast` and
 * `GET /api/v1/applications/:id` (its expected 办结 day), with BENCH_CASES open cases (default 10,000), each in
 * acceptance with its review task queued, its case and acceptance clocks running, and 20 working days of stage
 * history so the forecast has a pace to go by (most of the queue is then forecast late). REQUESTS timed
 * requests each; the JSON line carries a digest of the answers, so a change can show it returns the same.
 */
export async function readsBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 10_000);
  const requests = Number(process.env.BENCH_REQUESTS ?? 20);
  const sys = await startTestSystem({ label: 'bench_reads', modules: [ApiModule], consume: [], relay: false, env: { LOG_LEVEL: 'error' } });
  try {
    const db = sys.dataSource;
    const today = sys.time.today();
    const ids = await seedOpenCases(db, cases, today);
    await db.query(
      `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, due_on, yellow_on)
       SELECT a.id, gen_random_uuid(), 'acceptance', 'open', 'district_reviewer', e.region_code, $2::date + ((i % 9) - 3)::int, $2::date + ((i % 9) - 4)::int
         FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i) JOIN applications ap ON ap.id = a.id JOIN enterprises e ON e.id = ap.enterprise_id`,
      [ids, today],
    );
    // The rows the sla worker keeps for running clocks: the case clock (15 working days ≈ 21 calendar days) started
    // up to 9 days ago, all still green, and the acceptance clock (2 working days).
    await db.query(
      `INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
       SELECT a.id, c.clock, ap.program_code, e.region_code, c.lim, $2::date - (i % 10)::int,
              $2::date - (i % 10)::int + c.yellow, $2::date - (i % 10)::int + c.due
         FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i) JOIN applications ap ON ap.id = a.id JOIN enterprises e ON e.id = ap.enterprise_id
        CROSS JOIN (VALUES ('case', 15, 17, 21), ('acceptance', 2, 1, 2)) c(clock, lim, yellow, due)`,
      [ids, today],
    );
    // Stage history: 20 completions a day of each counted stage over the last 30 days.
    await db.query(
      `INSERT INTO sla_rollup (day, program_code, region_code, clock, reviewer_id, used_days, completed, on_time)
       SELECT $1::date - d, 'innovation-voucher', '350102', s.clock, '00000000-0000-0000-0000-000000000000'::uuid, s.used, 20, 20
         FROM generate_series(1, 30) d CROSS JOIN (VALUES ('acceptance', 1), ('formal_review', 4), ('recheck', 3)) s(clock, used)`,
      [today],
    );
    await db.query('VACUUM ANALYZE');
    const admin = await createStaff(db, ['administrator']);
    const server = sys.http.getHttpServer();
    const auth = await login(server, admin.username);
    const get = (path: string) => request(server).get(path).set('Authorization', auth);

    const rows = [];
    const digests: Record<string, string> = {};
    const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
    const scenarios: [string, () => string][] = [
      ['GET /sla/forecast', () => '/api/v1/sla/forecast'],
      ['GET /sla/forecast?limit=1000', () => '/api/v1/sla/forecast?limit=1000'],
      ['GET /applications/:id', (() => {
        let k = 0;
        return () => `/api/v1/applications/${ids[(k++ * 997) % ids.length]}`;
      })()],
    ];
    for (const [name, path] of scenarios) {
      const times: number[] = [];
      let failed = 0;
      for (let i = 0; i < requests + 3; i++) {
        const { ms, value } = await timed(() => get(path()));
        if (value.status !== 200) failed++; // before the fix, the forecast ran into the 15 s statement timeout (503)
        if (i >= 3) times.push(ms); // the first three warm caches and connections
      }
      rows.push({ bench: 'reads', measure: `${name} p50`, value: percentile(times, 50), unit: 'ms', target: '< 200' });
      rows.push({ bench: 'reads', measure: `${name} max`, value: Math.max(...times), unit: 'ms' });
      rows.push({ bench: 'reads', measure: `${name} not 200`, value: failed, unit: 'requests' });
    }
    // What they answer, to compare before and after a change (ties in the forecast's order put in id order).
    const forecast = (await get('/api/v1/sla/forecast?limit=1000')).body as { applicationId: string; expectedLateDays: number; dueOn: string }[];
    digests.forecastTop1000 = digest(forecast.map((f) => f).sort((a, b) => b.expectedLateDays - a.expectedLateDays || a.dueOn.localeCompare(b.dueOn) || a.applicationId.localeCompare(b.applicationId)));
    digests.forecastTop100Keys = digest((await get('/api/v1/sla/forecast')).body.map((f: { expectedLateDays: number; dueOn: string }) => [f.expectedLateDays, f.dueOn]));
    const expected: string[] = [];
    for (let k = 0; k < ids.length; k += Math.ceil(ids.length / 200)) expected.push((await get(`/api/v1/applications/${ids[k]}`)).body.expectedCompletionOn);
    digests.expectedCompletionOn = digest(expected);
    report('two reads at scale', rows, { cases, requestsPerScenario: requests, forecastRows: forecast.length, digests, sampleExpected: expected.slice(0, 5) });
  } finally {
    await sys.stop();
  }
}
