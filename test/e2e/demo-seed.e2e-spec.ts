import { loadConfig } from '@app/config';
import { BUILTIN_PROGRAM_VERSIONS, ProgramCode } from '@app/domain';
import { createDataSource, runMigrations, shanghaiDay, verifyAudit } from '@app/persistence';
import { seedDemo, seedPrograms, seedRegions } from '@app/runtime';
import { createTestDatabase, deletePrefix, TEST_REDIS_URL } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { seedDemoCases } from '../../apps/all-in-one/src/demo/seed-demo-cases';

/** The statuses a case of each program must be found in after the seed: each stage of its version, and paid. */
function expectedStatuses(program: ProgramCode): string[] {
  const version = BUILTIN_PROGRAM_VERSIONS.filter((v) => v.program === program).sort((a, b) => b.years.from - a.years.from)[0];
  const stages = version.stages.map((s) => (s.code === 'enterprise_confirmation' ? 'awaiting_confirmation' : s.code))
    .filter((code) => code !== 'disbursement');
  return [...stages, 'paid'];
}

/**
 * `npm start`'s demo data on a fresh database: a few hundred cases of all three programs in every stage, made
 * through the real use cases over the past weeks (transitions, audit, clocks, roll-ups), some overdue, some
 * paid, some in 补正, the current year's pools; a second start seeds nothing; production never seeds.
 */
describe('the demo seed', () => {
  let database: { url: string; drop(): Promise<void> };
  let dataSource: DataSource;
  const prefix = `t_${randomBytes(5).toString('hex')}`;
  const config = () =>
    loadConfig({ NODE_ENV: 'development', DATABASE_URL: database.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix, LOG_LEVEL: 'error' });

  beforeAll(async () => {
    database = await createTestDatabase('demoseed');
    dataSource = createDataSource(database.url, { extra: { max: 2 } });
    await dataSource.initialize();
    await runMigrations(dataSource);
    await seedPrograms(dataSource);
    await seedRegions(dataSource); // as a start-up does before the demo: imports check their rows' districts
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await deletePrefix(TEST_REDIS_URL, prefix);
    await database?.drop();
  });

  it('seeds cases in every stage of every program over the past weeks, with the current year pools, once', async () => {
    const started = Date.now();
    const created = await seedDemo(dataSource, { config: config(), databaseUrl: database.url, redisUrl: TEST_REDIS_URL, cases: seedDemoCases });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`demo seed: ${seconds.toFixed(1)} s\n`);
    expect(created).toEqual(expect.arrayContaining(['admin', 'director', 'city.1', 'district.gulou.1']));

    const rows: { program_code: ProgramCode; status: string; n: string }[] = await dataSource.query(
      'SELECT program_code, status, count(*) AS n FROM applications GROUP BY 1, 2',
    );
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    expect(total).toBeGreaterThanOrEqual(200);
    for (const program of ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] as ProgramCode[]) {
      const seen = rows.filter((r) => r.program_code === program).map((r) => r.status);
      expect({ program, missing: expectedStatuses(program).filter((s) => !seen.includes(s)) }).toEqual({ program, missing: [] });
    }
    const everywhere = rows.map((r) => r.status);
    for (const status of ['approved', 'supplement', 'refused', 'withdrawn', 'declined', 'lapsed']) expect(everywhere).toContain(status);

    // Made by the state machine: every case has its opening transition and one transition per version, audited.
    const [{ gaps }]: { gaps: string }[] = await dataSource.query(
      `SELECT count(*) AS gaps FROM applications a
        WHERE (SELECT count(*) FROM transitions t WHERE t.application_id = a.id) <> a.version`,
    );
    expect(Number(gaps)).toBe(0);
    const [{ audited, transitions }]: { audited: string; transitions: string }[] = await dataSource.query(
      `SELECT (SELECT count(*) FROM audit_log WHERE stream LIKE 'application:%' AND action LIKE 'case.%') AS audited,
              (SELECT count(*) FROM transitions) AS transitions`,
    );
    expect(Number(transitions)).toBeGreaterThanOrEqual(total * 2);
    expect(Number(audited)).toBeGreaterThanOrEqual(Number(transitions));
    expect((await verifyAudit(dataSource.manager)).ok).toBe(true);

    // Spread over the past weeks, with history: cases submitted weeks ago, completed clocks in the roll-up,
    // overdue cases that raised alarms, paid ones.
    const [{ first, last }]: { first: Date; last: Date }[] = await dataSource.query(
      'SELECT min(submitted_at) AS first, max(submitted_at) AS last FROM applications',
    );
    expect(Date.now() - new Date(first).getTime()).toBeGreaterThan(28 * 24 * 3600 * 1000);
    expect(Date.now() - new Date(last).getTime()).toBeLessThan(7 * 24 * 3600 * 1000);
    const [history]: { rolled: string; red: string; overdue: string; paid: string }[] = await dataSource.query(
      `SELECT (SELECT count(*) FROM sla_rollup) AS rolled,
              (SELECT count(*) FROM sla_alarms WHERE level = 'red') AS red,
              (SELECT count(*) FROM sla_running_clocks WHERE due_on < $1::date) AS overdue,
              (SELECT count(*) FROM disbursements WHERE status = 'paid') AS paid`,
      [shanghaiDay(new Date())],
    );
    expect(Number(history.rolled)).toBeGreaterThan(0);
    expect(Number(history.red)).toBeGreaterThan(0);
    expect(Number(history.overdue)).toBeGreaterThan(0);
    expect(Number(history.paid)).toBeGreaterThan(0);

    // The queues look like a real bureau's: mostly on time, some at risk, a few overdue, and work still on time in
    // every review stage (applications keep arriving until today; only a few reviewers are late or never decide).
    const tasks: { stage: string; n: string; overdue: string; green: string }[] = await dataSource.query(
      `SELECT stage, count(*) AS n, count(*) FILTER (WHERE due_on < $1::date) AS overdue, count(*) FILTER (WHERE yellow_on > $1::date) AS green
         FROM review_tasks WHERE status IN ('open', 'claimed') AND kind = 'review' GROUP BY stage`,
      [shanghaiDay(new Date())],
    );
    const count = (key: 'n' | 'overdue' | 'green') => tasks.reduce((sum, t) => sum + Number(t[key]), 0);
    expect(count('overdue') / count('n')).toBeLessThan(0.25);
    expect(count('green') / count('n')).toBeGreaterThan(0.4);
    for (const stage of ['acceptance', 'formal_review', 'recheck']) {
      const row = tasks.find((t) => t.stage === stage);
      expect({ stage, onTime: Number(row?.n ?? 0) - Number(row?.overdue ?? 0) > 0 }).toEqual({ stage, onTime: true });
    }

    // The current year's pools, holding what the approvals reserved.
    const year = Number(shanghaiDay(new Date()).slice(0, 4));
    const pools: { program_code: string; reserved_fen: string }[] = await dataSource.query(
      'SELECT program_code, reserved_fen FROM budget_pools WHERE year = $1 ORDER BY program_code', [year],
    );
    expect(pools.map((p) => p.program_code)).toEqual(['high-tech-reward', 'innovation-voucher', 'rd-subsidy']);
    for (const p of pools) expect(Number(p.reserved_fen)).toBeGreaterThan(0);

    // A second start seeds nothing.
    const again = await seedDemo(dataSource, { config: config(), databaseUrl: database.url, redisUrl: TEST_REDIS_URL, cases: seedDemoCases });
    expect(again).toEqual([]);
    const [{ n }]: { n: string }[] = await dataSource.query('SELECT count(*) AS n FROM applications');
    expect(Number(n)).toBe(total);
  }, 900_000);

  it('never seeds in production', async () => {
    const production = loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes-or-more', AUDIT_ANCHOR_KEY: 'an-audit-anchor-key-of-32-bytes-or-more', DATABASE_URL: database.url });
    await expect(seedDemo(dataSource, { config: production, databaseUrl: database.url, redisUrl: TEST_REDIS_URL, cases: seedDemoCases })).rejects.toThrow(
      /never seeded in production/,
    );
  });
});
