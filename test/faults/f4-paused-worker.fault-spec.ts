import { JobName, QueueName } from '@app/contracts';
import { spawnWorkflow, waitFor } from '@app/testing';
import { Client } from 'pg';
import { applicants, describeStatuses, submitAll } from './load';
import { describeRow, phase, scenario, screenedOnce, verdict, withoutWorkflow, WORKER_ENV } from './scenario';

describe('fault suite', () => {
  const s = scenario('F4 paused worker', 180_000);

  it('F4: a workflow process paused past its lock, then resumed', async () => {
    const sys = s.set(await withoutWorkflow('f4'));
    const people = await applicants(sys, 12);
    phase('setup');
    const load = await submitAll(sys, people, 4);
    phase('load');
    // The last case's row is held so the first process's screening of it is provably mid-job when it is paused.
    const held = load.acknowledged[load.acknowledged.length - 1];
    const holder = new Client({ connectionString: sys.databaseUrl });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [held]);
    const first = spawnWorkflow(sys, 'paused', WORKER_ENV);
    s.workflows.push(first);
    const queue = sys.queues.queue(QueueName.Workflow);
    await waitFor(async () => (await queue.getJobs(['active'])).find(
      (j) => j?.name === JobName.ScreenApplication && j.data.applicationId === held && j.processedBy === first.name,
    ), 'the first process to hold the held case', 90_000);
    phase('first process holds the held case');
    first.pause();
    await holder.query('ROLLBACK');
    await holder.end();
    // Another process takes the paused one's jobs once its lock (2 s) lapses; the paused one's session, idle in
    // its transaction, is ended by the server (idle_in_transaction_session_timeout) and its row lock released.
    const second = spawnWorkflow(sys, 'second', WORKER_ENV);
    s.workflows.push(second);
    await waitFor(async () => (await screenedOnce(sys, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    phase('second process screens everything');
    first.resume();
    const row = describeRow({ scenario: 'F4 paused worker', load: `12 submissions: ${describeStatuses(load.statuses)}`, fault: 'SIGSTOP mid-job past WORKER_LOCK_MS 2 s, SIGCONT' });
    expect(await screenedOnce(sys, load.acknowledged)).toEqual([]);
    await verdict(sys, row, load.acknowledged);
  }, s.bound);
});
