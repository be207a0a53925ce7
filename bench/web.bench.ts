import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, ensureWebBuilt, login, startTestSystem, TEST_PASSWORD, waitFor, WEB_ROOT } from '@app/testing';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { ALL_APPS } from '../apps/all-in-one/src/all-apps';
import { launchChromium, login as browserLogin, openPage, screenshot, settled } from '../test/browser/browser';
import { report, BenchRow } from './report';
import { seedOpenCases } from './seed-open-cases';

/**
 * The pages in Debian's Chromium with BENCH_CASES open cases (default 10,000) in the database, each with its
 * review task in the district reviewers' queue:
 * - the JavaScript an enterprise's first load transfers (gzip -9 of every script the entry route fetches), and
 *   whether any of it is the dashboard's chunk (it must not be);
 * - for each page, the time from navigation start until it is interactive (no loading indicator left).
 */
export async function webBench(): Promise<void> {
  const cases = Number(process.env.BENCH_CASES ?? 10_000);
  ensureWebBuilt();
  const sys = await startTestSystem({ label: 'bench_web', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, env: { LOG_LEVEL: 'error' } });
  const browser = await launchChromium();
  try {
    const db = sys.dataSource;
    // The pages are measured, not the sweep arming 10,000 clocks (bench/lateness measures that): inserted as armed,
    // so the process serving the pages is not also arming the population in the background while it is timed. (Marked
    // armed after the insert, a sweep in between read them all and armed them for the next half minute: the pages,
    // the dashboard's forecast most, were timed against that.)
    const ids = await seedOpenCases(db, cases, sys.time.today(), 2024 - Math.ceil(cases / 10_000), { armed: true });
    await db.query(
      `INSERT INTO review_tasks (application_id, entered_transition_id, stage, status, candidate_role, region_code, due_on, yellow_on)
       SELECT a.id, gen_random_uuid(), 'acceptance', 'open', 'district_reviewer', e.region_code, CURRENT_DATE + ((i % 9) - 3)::int, CURRENT_DATE + ((i % 9) - 4)::int
         FROM unnest($1::uuid[]) WITH ORDINALITY AS a(id, i) JOIN applications ap ON ap.id = a.id JOIN enterprises e ON e.id = ap.enterprise_id`,
      [ids],
    );
    // What arming would have left, as bench/reads writes it: each case's clock (15 working days ≈ 21 calendar days)
    // and its acceptance clock (2 working days), started today, so the dashboard reads a population of running clocks.
    await db.query(
      `INSERT INTO sla_running_clocks (application_id, clock, program_code, region_code, limit_days, counting_from, yellow_on, due_on)
       SELECT a.id, c.clock, a.program_code, e.region_code, c.lim, $2::date, $2::date + c.yellow, $2::date + c.due
         FROM applications a JOIN enterprises e ON e.id = a.enterprise_id
        CROSS JOIN (VALUES ('case', 15, 17, 21), ('acceptance', 2, 1, 2)) c(clock, lim, yellow, due)
        WHERE a.id = ANY($1::uuid[])`,
      [ids, sys.time.today()],
    );
    await db.query('ANALYZE');
    const enterprise = await createEnterprise(db, { regionCode: '350102' });
    const asEnterprise = await login(sys.http.getHttpServer(), enterprise.username);
    const created = await request(sys.http.getHttpServer()).post('/api/v1/applications').set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false, isMaker: false } }).expect(201);
    // The 10,000 seeded clocks keep the sla queue busy: wait for this case's screening, not for idle queues.
    await waitFor(async () => {
      const res = await request(sys.http.getHttpServer()).get(`/api/v1/applications/${created.body.id}`).set('Authorization', asEnterprise);
      return res.body.status !== 'submitted';
    }, 'the bench case to be screened', 300_000);
    const reviewer = await createStaff(db, ['district_reviewer'], '350102');
    const admin = await createStaff(db, ['administrator']);
    const base = sys.running.url!;
    const rows: BenchRow[] = [];
    // Shared machine: the load average says how far these figures are from an idle box.
    rows.push({ bench: 'web', measure: 'load average (1 min) before', value: loadavg()[0], unit: '' });
    const slowest: { page: string; request: string; ms: number }[] = [];

    // The enterprise's first load: everything its entry route fetches, from a cold cache.
    const first = await openPage(browser, base);
    const scripts = new Set<string>();
    first.page.on('response', (r) => {
      if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
    });
    await browserLogin(first.page, enterprise.username, TEST_PASSWORD);
    await first.page.goto('/enterprise');
    await settled(first.page);
    const gzipBytes = [...scripts].reduce((sum, path) => sum + gzipSync(readFileSync(join(WEB_ROOT, path)), { level: 9 }).length, 0);
    const loadsDashboard = [...scripts].some((p) => /admin-pages|charts/.test(p));
    rows.push({ bench: 'web', measure: 'enterprise first load, JS gzip', value: gzipBytes / 1024, unit: 'KB', target: '< 600' });
    rows.push({ bench: 'web', measure: 'enterprise first load, JS files', value: scripts.size, unit: 'files' });
    rows.push({ bench: 'web', measure: 'enterprise first load includes the dashboard chunk', value: loadsDashboard ? 1 : 0, unit: 'bool', target: '0' });
    await first.context.close();

    const timings: [string, string, string[]][] = [
      ['anonymous', '', ['/', '/calculator', '/notices']],
      [enterprise.username, 'enterprise', ['/enterprise', '/enterprise/apply', `/enterprise/cases/${created.body.id}`, '/enterprise/inbox']],
      [reviewer.username, 'reviewer', ['/review']],
      [admin.username, 'admin', ['/admin', '/admin/budgets', '/admin/programs']],
    ];
    for (const [username, who, urls] of timings) {
      const w = await openPage(browser, base);
      if (who) await browserLogin(w.page, username, TEST_PASSWORD);
      for (const url of urls) {
        await w.page.goto(url);
        await settled(w.page);
        // A full navigation: from its start until the last response the page needed arrived (its data included);
        // measured after the page shows no loading indicator, so the render of that data is done too.
        const ms = await w.page.evaluate(() => {
          const perf = (globalThis as unknown as { performance: { getEntriesByType(t: string): { responseEnd: number; domContentLoadedEventEnd?: number }[] } }).performance;
          return Math.max(perf.getEntriesByType('navigation')[0].domContentLoadedEventEnd ?? 0, ...perf.getEntriesByType('resource').map((e) => e.responseEnd));
        });
        const page = `${who || 'anonymous'} ${url.replace(/[0-9a-f-]{36}/, ':id')}`;
        rows.push({ bench: 'web', measure: `${page} interactive`, value: ms, unit: 'ms', target: '< 2000' });
        // The slowest API request of the page (its whole duration in the browser): where the time went.
        const api = await w.page.evaluate(() => {
          const perf = (globalThis as unknown as { performance: { getEntriesByType(t: string): { name: string; duration: number }[] } }).performance;
          return perf.getEntriesByType('resource').filter((e) => e.name.includes('/api/')).sort((a, b) => b.duration - a.duration)[0];
        });
        if (api) slowest.push({ page, request: new URL(api.name).pathname.replace(/[0-9a-f-]{36}/, ':id'), ms: Math.round(api.duration) });
        if (url === '/review' || url === '/admin') await screenshot(w.page, `bench-${who}`);
      }
      await w.context.close();
    }
    rows.push({ bench: 'web', measure: 'load average (1 min) after', value: loadavg()[0], unit: '' });
    console.table(slowest);
    report('web', rows, { cases, slowest });
  } finally {
    await browser.close();
    await sys.stop();
  }
}
