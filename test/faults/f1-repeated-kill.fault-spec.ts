import { QueueName } from '@app/contracts';
import { spawnWorkflow, TestSystem, waitFor, workflowConnected, WorkflowProcess } from '@app/testing';
import { applicants, describeStatuses, submitAll } from './load';
import { describeRow, phase, scenario, screenedOnce, verdict, withoutWorkflow, WORKER_ENV } from './scenario';

/**
 * Kills `w` with -9 once it holds a workflow job (waiting at most `withinMs` for one), and says whether the kill
 * provably landed mid-job: the job it held is still active under the dead process's name, which only a live
 * worker could have changed (no other workflow process runs meanwhile).
 */
async function killHoldingJob(sys: TestSystem, w: WorkflowProcess, withinMs: number): Promise<boolean> {
  const queue = sys.queues.queue(QueueName.Workflow);
  const held = await waitFor(async () => (await queue.getJobs(['active'])).find((j) => j?.processedBy === w.name),
    `workflow ${w.summary()} to hold a job`, withinMs).catch(() => null);
  await w.kill();
  if (!held?.id) return false;
  const after = await queue.getJob(held.id);
  return !!after && after.processedBy === w.name && (await after.getState()) === 'active';
}

describe('fault suite', () => {
  const s = scenario('F1 kill -9 repeatedly', 210_000);

  it('F1: a workflow process killed with -9 again and again under load, each time holding a job', async () => {
    const sys = s.set(await withoutWorkflow('kill9'));
    const people = await applicants(sys, 30);
    let kills = 0;
    let midJob = 0;
    let current = spawnWorkflow(sys, 'w0', WORKER_ENV);
    s.workflows.push(current);
    await workflowConnected(sys, current, 90_000);
    phase('setup');
    // One kill at a time, each of the process running then (two submitters may reach a kill point together).
    let killing = Promise.resolve();
    const killAndReplace = () =>
      (killing = killing.then(async () => {
        if (await killHoldingJob(sys, current, 45_000)) midJob++;
        kills++;
        current = spawnWorkflow(sys, `w${kills}`, WORKER_ENV);
        s.workflows.push(current);
      }));
    // Four kills while submissions still flow (so there is work to hold); the fifth process finishes the load.
    const load = await submitAll(sys, people, 3, async (i) => {
      if (i > 0 && i % 6 === 0) await killAndReplace();
    });
    phase('load and kills');
    await waitFor(async () => (await screenedOnce(sys, load.acknowledged)).length === 0, 'every case screened once', 120_000);
    phase('every case screened');
    const row = describeRow({
      scenario: 'F1 kill -9 repeatedly',
      load: `30 submissions ×3: ${describeStatuses(load.statuses)}`,
      fault: `${kills} × kill -9 of the workflow process, ${midJob} provably holding a job`,
    });
    // The crash must take a job with it (item 12): a kill of an idle process proves nothing.
    expect(midJob).toBeGreaterThan(0);
    expect(load.acknowledged).toHaveLength(people.length);
    expect(await screenedOnce(sys, load.acknowledged)).toEqual([]);
    await verdict(sys, row, load.acknowledged);
  }, s.bound);
});
