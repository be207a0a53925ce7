import { spawnWorkflow, waitFor } from '@app/testing';
import { applicants, describeStatuses, submitAll } from './load';
import { compiled, connected, scenario, screenedOnce, verdict, withoutWorkflow, WORKER_ENV } from './scenario';

describe('fault suite', () => {
  const s = scenario();

  it('F1: a workflow process killed with -9 again and again under load', async () => {
    const sys = s.set(await withoutWorkflow('kill9'));
    const people = await applicants(sys, 30);
    let kills = 0;
    let current = spawnWorkflow(sys, 'w0', WORKER_ENV, { compiled });
    s.workflows.push(current);
    await connected(sys, current);
    const load = await submitAll(sys, people, 3, async (i) => {
      if (i > 0 && i % 8 === 0) {
        await current.kill();
        kills++;
        current = spawnWorkflow(sys, `w${kills}`, WORKER_ENV, { compiled });
        s.workflows.push(current);
      }
    });
    await current.kill();
    kills++;
    const last = spawnWorkflow(sys, 'last', WORKER_ENV, { compiled });
    s.workflows.push(last);
    await waitFor(async () => (await screenedOnce(sys, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    const row = { scenario: 'F1 kill -9 repeatedly', load: `30 submissions ×3: ${describeStatuses(load.statuses)}`, fault: `${kills} × kill -9 of the workflow process` };
    await verdict(sys, row, load.acknowledged);
  }, 240_000);
});
