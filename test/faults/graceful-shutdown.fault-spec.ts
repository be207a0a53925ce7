import { JobName, QueueName } from '@app/contracts';
import { spawnWorkflow, waitFor } from '@app/testing';
import { Client } from 'pg';
import { applicants, describeStatuses, submitAll } from './load';
import { describeRow, phase, scenario, screenedOnce, verdict, withoutWorkflow, WORKER_ENV } from './scenario';

describe('fault suite', () => {
  const s = scenario('graceful shutdown', 180_000);

  it('graceful shutdown: SIGTERM mid-load while a job runs: it finishes, the process exits 0, nothing lost', async () => {
    const sys = s.set(await withoutWorkflow('sigterm'));
    const people = await applicants(sys, 24);
    phase('setup');
    // Half the load waits in the outbox for a workflow process; the last case's row is held, so the process's
    // screening of it is provably running when the SIGTERM comes.
    const before = await submitAll(sys, people.slice(0, 12), 4);
    const held = before.acknowledged[before.acknowledged.length - 1];
    const holder = new Client({ connectionString: sys.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [held]);
    const first = spawnWorkflow(sys, 'terminated', WORKER_ENV);
    s.workflows.push(first);
    const queue = sys.queues.queue(QueueName.Workflow);
    const running = await waitFor(async () => (await queue.getJobs(['active'])).find(
      (j) => j?.name === JobName.ScreenApplication && j.data.applicationId === held && j.processedBy === first.name,
    ), 'the process to be screening the held case', 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${first.output()}`);
    });
    phase('a job running');
    // The other half arrives while the process stops: SIGTERM, then the held row is let go, so the running
    // screening can finish inside the shutdown.
    const after = await submitAll(sys, people.slice(12), 4, async (i) => {
      if (i !== 4) return;
      const stopping = first.stop();
      await holder.query('ROLLBACK');
      await holder.end();
      await stopping;
    });
    phase('load and SIGTERM');
    const row = describeRow({
      scenario: 'graceful shutdown',
      load: `24 submissions ×4: ${describeStatuses(before.statuses)} + ${describeStatuses(after.statuses)}`,
      fault: `SIGTERM while a screening runs (it completed in the stopping process): ${first.summary()}`,
    });
    // run() closes the app (workers finish their jobs) and exits 0 by itself, well before the SIGKILL at 10 s.
    expect({ exit: first.exit(), output: first.exit()?.code === 0 ? '' : first.output() }).toEqual({ exit: { code: 0, signal: null }, output: '' });
    const finished = await queue.getJob(running.id!);
    expect({ by: finished?.processedBy, state: await finished?.getState() }).toEqual({ by: first.name, state: 'completed' });
    // No job left active under its name, to wait out its lock.
    expect((await queue.getJobs(['active'])).filter((j) => j?.processedBy === first.name).map((j) => j.id)).toEqual([]);
    const second = spawnWorkflow(sys, 'after', WORKER_ENV);
    s.workflows.push(second);
    const acknowledged = [...before.acknowledged, ...after.acknowledged];
    await waitFor(async () => (await screenedOnce(sys, acknowledged)).length === 0, 'every case screened once', 120_000);
    phase('every case screened');
    expect(acknowledged).toHaveLength(people.length);
    await verdict(sys, row, acknowledged);
  }, s.bound);
});
