import { QueueName } from '@app/contracts';
import { IntakeSurge, QueueModuleOptions, QueueService } from '@app/queue';
import { deletePrefix, TEST_REDIS_URL, waitFor } from '@app/testing';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';

/**
 * The word an api says in Redis while a surge of submissions is in flight, and the workflow jobs that wait it out
 * (libs/queue/src/intake-surge.ts): against the machine's Redis, under a prefix of this file's own.
 */
describe('intake surge across processes', () => {
  const prefix = `t_${randomBytes(5).toString('hex')}`;
  const options = (consume: QueueName[], over: Partial<QueueModuleOptions> = {}): QueueModuleOptions => ({
    redisUrl: TEST_REDIS_URL, databaseUrl: 'postgres://unused', prefix, consume, relay: false, concurrency: 1,
    jobsWhileServing: 1, intakeSurgeInFlight: 3, intakeSurgeHoldMs: 50_000, lockMs: 30_000, production: false,
    outboxPollMs: 1000, ...over,
  });
  const services: QueueService[] = [];
  const surges: IntakeSurge[] = [];
  /** An api process's side (no workers) or a workflow process's side (it looks for the word). */
  async function surgeOf(consume: QueueName[], over: Partial<QueueModuleOptions> = {}): Promise<IntakeSurge> {
    const queues = new QueueService(options(consume, over));
    // A producer connection does not queue commands while it connects (fail fast): the word needs it up.
    await waitFor(async () => queues.redis?.status === 'ready', 'the connection to Redis');
    const surge = new IntakeSurge(options(consume, over), queues);
    surge.onApplicationBootstrap();
    services.push(queues);
    surges.push(surge);
    return surge;
  }
  const watcher = new IORedis(TEST_REDIS_URL);
  const redis = () => watcher;
  const said = async () => (await redis().exists(`${prefix}:intake-surge`)) === 1;
  /** A hold, and whether it has let its job go yet. */
  function track(p: Promise<void>): { released: () => boolean } {
    let released = false;
    void p.then(() => (released = true));
    return { released: () => released };
  }

  afterEach(async () => {
    await redis().del(`${prefix}:intake-surge`);
    // Any hold a failed test left is let go.
    surges.splice(0).forEach((s) => s.stop());
  });
  afterAll(async () => {
    await Promise.all(services.map((q) => q.beforeApplicationShutdown()));
    services.forEach((q) => q.redis?.disconnect());
    await deletePrefix(TEST_REDIS_URL, prefix);
    watcher.disconnect();
  });

  it('says the word at the threshold, holds workflow jobs while it is said, and lets them go when the surge ends', async () => {
    const api = await surgeOf([]);
    const workflow = await surgeOf([QueueName.Workflow]);
    const ends = [api.submission(), api.submission()];
    // Two in flight: below the threshold of three, nothing is said.
    await redis().ping();
    expect(await said()).toBe(false);
    ends.push(api.submission());
    await waitFor(said, 'the word to be said');
    await waitFor(async () => {
      // The workflow process sees it within its look (100 ms): a job taken now waits.
      const probe = track(workflow.hold(QueueName.Workflow, Date.now()));
      await new Promise((r) => setImmediate(r));
      return !probe.released();
    }, 'the workflow process to see the word');
    const held = track(workflow.hold(QueueName.Workflow, Date.now()));
    // Alarms and messages never wait.
    await workflow.hold(QueueName.Sla, Date.now());
    await workflow.hold(QueueName.Notifier, Date.now());
    expect(held.released()).toBe(false);
    expect(workflow.held).toBe(2);

    ends[0]();
    ends[0](); // ending twice counts once
    await waitFor(async () => !(await said()), 'the word to be taken back once fewer than three are in flight');
    await waitFor(async () => held.released() && workflow.held === 0, 'the held jobs to go');
    ends.slice(1).forEach((end) => end());
  });

  it('never holds a job longer than the cap after it was queued, nor one queued longer ago than that', async () => {
    const workflow = await surgeOf([QueueName.Workflow], { intakeSurgeHoldMs: 400 });
    // An api that keeps saying the word (set here for longer than the cap).
    await redis().set(`${prefix}:intake-surge`, '1', 'PX', 30_000);
    await waitFor(async () => {
      const probe = track(workflow.hold(QueueName.Workflow, Date.now()));
      await new Promise((r) => setImmediate(r));
      return !probe.released();
    }, 'the workflow process to see the word');
    await workflow.hold(QueueName.Workflow, Date.now() - 400);
    const held = track(workflow.hold(QueueName.Workflow, Date.now()));
    await waitFor(async () => held.released(), 'the cap to let the job go');
    expect(await said()).toBe(true);
  });

  it('lets go when the word lapses: an api that stopped mid-surge holds nothing back for long', async () => {
    const workflow = await surgeOf([QueueName.Workflow]);
    const api = await surgeOf([]);
    for (let i = 0; i < 3; i++) api.submission(); // and never ended: the process died
    await waitFor(said, 'the word to be said');
    await waitFor(async () => {
      const probe = track(workflow.hold(QueueName.Workflow, Date.now()));
      await new Promise((r) => setImmediate(r));
      return !probe.released();
    }, 'the workflow process to see the word');
    const held = track(workflow.hold(QueueName.Workflow, Date.now()));
    await waitFor(async () => held.released(), 'the word to lapse (a second) and the job to go', 10_000);
    expect(await said()).toBe(false);
  });

  it('says nothing when the threshold is 0, and a process that runs no workflow jobs never holds', async () => {
    const api = await surgeOf([], { intakeSurgeInFlight: 0 });
    const ends = Array.from({ length: 20 }, () => api.submission());
    await redis().ping();
    expect(await said()).toBe(false);
    ends.forEach((end) => end());
    await redis().set(`${prefix}:intake-surge`, '1', 'PX', 30_000);
    const sla = await surgeOf([QueueName.Sla, QueueName.Notifier]);
    await sla.hold(QueueName.Workflow, Date.now());
    expect(sla.held).toBe(0);
  });
});
