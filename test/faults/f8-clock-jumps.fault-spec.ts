import { createStaff, login, waitFor } from '@app/testing';
import request from 'supertest';
import { applicants, submitAll } from './load';
import { allInOne, describeRow, phase, scenario, verdict } from './scenario';

describe('fault suite', () => {
  const s = scenario('F8 clock jumps', 150_000);

  it('F8: clock jumps: +3 days, −2 hours, across a holiday', async () => {
    const sys = s.set(await allInOne('f8'));
    const people = await applicants(sys, 10);
    phase('setup');
    const load = await submitAll(sys, people, 4);
    await sys.waitForIdle(60_000);
    phase('load');
    const server = sys.http.getHttpServer();
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    sys.travelDays(3);
    await sys.waitForIdle(60_000);
    sys.time.travel(-2 * 3600 * 1000);
    // The next two days become holidays (an administrator's override); then the clock crosses them.
    const today = sys.time.today();
    const day = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    for (const date of [day(1), day(2)]) {
      await request(server).post('/api/v1/calendar/overrides').set('Authorization', admin)
        .send({ date, kind: 'holiday', reason: 'fault suite holiday' }).expect(201);
    }
    sys.travelDays(3);
    await sys.waitForIdle(60_000);
    sys.travelDays(10);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM sla_alarms`);
      return Number(n) > 0;
    }, 'the overdue cases to raise their alarms', 60_000);
    phase('clock jumps');
    const [alarms]: { n: string; early: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE fired_at < due_at) AS early FROM sla_alarms`);
    const row = describeRow({ scenario: 'F8 clock jumps', load: `10 open cases, ${alarms.n} alarms fired`, fault: 'time +3 d, −2 h, 2 holidays, +3 d, +10 d' });
    expect(alarms.early).toBe('0');
    await verdict(sys, row, load.acknowledged);
  }, s.bound);
});
