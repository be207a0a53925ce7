import { waitFor } from '@app/testing';
import { applicants, describeStatuses, submitAll } from './load';
import { allInOne, describeRow, pg, phase, scenario, verdict } from './scenario';

describe('fault suite', () => {
  const s = scenario('F3 PostgreSQL restart', 180_000);

  it('F3: PostgreSQL restarted (immediate) under load', async () => {
    const sys = s.set(await allInOne('f3'));
    const people = await applicants(sys, 30);
    phase('setup');
    let restart: Promise<void> | null = null;
    const load = await submitAll(sys, people, 4, (i) => {
      if (i === 10) restart = pg.restartImmediate();
    });
    await restart;
    phase('load and restart');
    // The relay listens again on the restarted server (item 17).
    await waitFor(async () => {
      const rows: unknown[] = await sys.dataSource.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'subsidy-flow:relay'`);
      return rows.length === 1;
    }, 'the relay to LISTEN again', 60_000);
    phase('relay listens');
    const row = describeRow({ scenario: 'F3 PostgreSQL restart', load: `30 submissions ×4: ${describeStatuses(load.statuses)}`, fault: 'pg_ctl restart -m immediate after 10' });
    // Only acknowledged or "come back later": no 500, and every 503 says when (Retry-After).
    expect(Object.keys(load.statuses).filter((st) => st !== '201' && st !== '503').map((st) => `${st}: ${load.examples[st]}`)).toEqual([]);
    expect(load.retryAfter.with).toBe(load.retryAfter.of);
    await verdict(sys, row, load.acknowledged);
  }, s.bound);
});
