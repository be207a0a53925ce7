import { applicants, describeStatuses, submitAll } from './load';
import { allInOne, describeRow, phase, scenario, verdict } from './scenario';

describe('fault suite', () => {
  const s = scenario('F10 10× burst', 180_000);

  it('F10: a 10× burst: only 2xx/429, no 500, no loss', async () => {
    const sys = s.set(await allInOne('burst'));
    const people = await applicants(sys, 66);
    phase('setup');
    const steady = await submitAll(sys, people.slice(0, 6), 1);
    const burst = await submitAll(sys, people.slice(6), 10);
    phase('load');
    const acknowledged = [...steady.acknowledged, ...burst.acknowledged];
    const row = describeRow({
      scenario: 'F10 10× burst',
      load: `6 at 1 (${Math.round((6 * 1000) / steady.ms)}/s), then 60 at 10 (${Math.round((60 * 1000) / burst.ms)}/s): ${describeStatuses(burst.statuses)}`,
      fault: '10× concurrency',
    });
    expect(Object.keys(burst.statuses).filter((st) => st !== '201' && st !== '429').map((st) => burst.examples[st])).toEqual([]);
    await verdict(sys, row, acknowledged, 120_000);
  }, s.bound);
});
