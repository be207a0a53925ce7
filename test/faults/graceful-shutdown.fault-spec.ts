import { QueueName } from '@app/contracts';
import { spawnWorkflow, waitFor } from '@app/testing';
import { applicants, describeStatuses, submitAll } from './load';
import { compiled, connected, scenario, screenedOnce, verdict, withoutWorkflow, WORKER_ENV } from './scenario';

describe('fault suite', () => {
  const s = scenario();

  it('graceful shutdown: SIGTERM mid-load, running jobs finish, nothing lost', async () => {
    const sys = s.set(await withoutWorkflow('sigterm'));
    const people = await applicants(sys, 24);
    const first = spawnWorkflow(sys, 'terminated', WORKER_ENV, { compiled });
    s.workflows.push(first);
    await connected(sys, first);
    const queue = sys.queues.queue(QueueName.Workflow);
    let sawActive = false;
    const load = await submitAll(sys, people, 4, async (i) => {
      if (i === 12) {
        sawActive = !!(await waitFor(async () => (await queue.getJobs(['active'])).some((j) => j?.processedBy === first.name), 'a job active in the process', 30_000).catch(() => false));
        await first.stop();
      }
    });
    // It ended by itself — Nest closes the app, then re-raises SIGTERM — not by the SIGKILL sent after 10 s, and
    // left no job active to wait out its lock.
    expect([JSON.stringify({ code: 0, signal: null }), JSON.stringify({ code: null, signal: 'SIGTERM' })]).toContain(JSON.stringify(first.exit()));
    const stranded = (await queue.getJobs(['active'])).filter((j) => j?.processedBy === first.name);
    const second = spawnWorkflow(sys, 'after', WORKER_ENV, { compiled });
    s.workflows.push(second);
    await waitFor(async () => (await screenedOnce(sys, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    const row = {
      scenario: 'graceful shutdown',
      load: `24 submissions ×4: ${describeStatuses(load.statuses)}`,
      fault: `SIGTERM with jobs active (${sawActive ? 'seen' : 'not seen'}): ${first.summary()}`,
    };
    expect(stranded.map((j) => j.id)).toEqual([]);
    await verdict(sys, row, load.acknowledged);
  }, 240_000);
});
