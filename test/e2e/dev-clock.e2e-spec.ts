import { loadConfig } from '@app/config';
import { ALL_QUEUES } from '@app/contracts';
import { CalendarService, TimeSource } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The development clock: an administrator moves "now" forward (audited), every process sees it, and the alarms
 * that fell due fire; bad bodies name their field; production refuses it.
 */
describe('the development clock', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'devclock', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer();
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  it('moves time forward for every process, audited, and the overdue case then raises its alarm', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asEnterprise = await login(server, enterprise.username);
    const submitted = await api().post('/api/v1/applications').set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    const id: string = submitted.body.id;
    await sys.waitForIdle();
    const alarms = async () =>
      (await sys.dataSource.query('SELECT level FROM sla_alarms WHERE application_id = $1', [id])).map((r: { level: string }) => r.level);
    expect(await alarms()).toEqual([]);

    // Another process: its own TimeSource on the same database.
    const other = new TimeSource(sys.config);
    await other.syncWith(sys.dataSource);
    const before = Date.now();

    const moved = await api().post('/api/v1/dev/clock').set('Authorization', asAdmin).send({ days: 10 }).expect(200);
    expect(moved.body.offsetMs).toBe(10 * DAY_MS);
    expect(Date.parse(moved.body.now)).toBeGreaterThanOrEqual(before + 10 * DAY_MS - 5_000);
    await waitFor(() => other.now().getTime() >= before + 10 * DAY_MS - 5_000, 'the other process to see the offset', 5_000);
    other.onApplicationShutdown();

    // Ten days on, the acceptance stage (2 working days) and more are overdue: the alarms fire.
    await waitFor(async () => (await alarms()).includes('red'), 'the red alarm');
    const [audit]: { action: string; data: { deltaMs: number; offsetMs: number } }[] = await sys.dataSource.query(
      `SELECT action, data FROM audit_log WHERE stream = 'demo-clock' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ action: 'demo-clock.moved', data: { deltaMs: 10 * DAY_MS, offsetMs: 10 * DAY_MS } });

    const hours = await api().post('/api/v1/dev/clock').set('Authorization', asAdmin).send({ hours: 5 }).expect(200);
    expect(hours.body.offsetMs).toBe(10 * DAY_MS + 5 * 3600 * 1000);
    expect((await api().get('/api/v1/dev/clock').set('Authorization', asAdmin).expect(200)).body.offsetMs).toBe(hours.body.offsetMs);

    // Working days: whole days to the same time of day, that many working days on (the dashboard's button).
    const today: string = hours.body.today;
    const working = await api().post('/api/v1/dev/clock').set('Authorization', asAdmin).send({ workingDays: 3 }).expect(200);
    const expected = sys.http.get(CalendarService).calendar().addWorkingDays(today, 3);
    expect(working.body.today).toBe(expected);
    expect((working.body.offsetMs - hours.body.offsetMs) % DAY_MS).toBe(0);
  });

  it('names the bad field and is for administrators only', async () => {
    const field = async (body: object): Promise<string[]> => {
      const res = await api().post('/api/v1/dev/clock').set('Authorization', asAdmin).send(body).expect(400);
      return [...new Set<string>(res.body.fields.map((f: { field: string }) => f.field))];
    };
    expect(await field({})).toEqual(['days']);
    expect(await field({ days: 1, hours: 2 })).toEqual(['hours']);
    expect(await field({ hours: 2, workingDays: 1 })).toEqual(['workingDays']);
    expect(await field({ workingDays: 0 })).toEqual(['workingDays']);
    expect(await field({ days: 0 })).toEqual(['days']);
    expect(await field({ hours: 'soon' })).toEqual(['hours']);
    expect(await field({ minutes: 5 })).toContain('minutes');
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    await api().post('/api/v1/dev/clock').set('Authorization', reviewer).send({ days: 1 }).expect(403);
  });

  it('is refused in production (403), and production never reads the offset', async () => {
    const prod = await startTestSystem({
      label: 'devclockprod', modules: [ApiModule], consume: [], relay: false,
      env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes-or-more', AUDIT_ANCHOR_KEY: 'an-audit-anchor-key-of-32-bytes-or-more', CLOCK_TRAVEL: 'false', RATE_LIMITS: 'true' },
    });
    try {
      expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-32-bytes-or-more', AUDIT_ANCHOR_KEY: 'an-audit-anchor-key-of-32-bytes-or-more' }).env).toBe('production');
      const prodServer = prod.http.getHttpServer();
      const admin = await login(prodServer, (await createStaff(prod.dataSource, ['administrator'])).username);
      const res = await request(prodServer).post('/api/v1/dev/clock').set('Authorization', admin).send({ days: 3 }).expect(403);
      expect(res.body.message).toMatch(/production/);
      await request(prodServer).get('/api/v1/dev/clock').set('Authorization', admin).expect(403);
      await prod.dataSource.query('INSERT INTO demo_clock (id, offset_ms) VALUES (1, $1)', [30 * DAY_MS]);
      const time = prod.http.get(TimeSource);
      time.useDemoOffset(30 * DAY_MS);
      expect(Math.abs(time.now().getTime() - Date.now())).toBeLessThan(60_000);
    } finally {
      await prod.stop();
    }
  });
});
