import { QueueName } from '@app/contracts';
import { IntakeSurge, QueueModuleOptions, QueueService, surgeChannel, SURGE_ON } from '@app/queue';
import { deletePrefix, TEST_REDIS_URL, waitFor } from '@app/testing';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';

/**
 * The word an api says on a Redis channel while a surge of submissions is in flight, and the workflow jobs that
 * wait it out (libs/queue/src/intake-surge.ts): against the machine's Redis, on a channel of this file's own.
 */
describe('intake surge across processes', () => {
  const prefix = `t_${randomBytes(5).toString('hex')}`;
  const channel = surgeChannel(prefix);
  const options = (consume: QueueName[], over: Partial<QueueModuleOptions> = {}): QueueModuleOptions => ({
    redisUrl: TEST_REDIS_URL, databaseUrl: 'postgres://unused', prefix, consume, relay: false, concurrency: 1,
    jobsWhileServing: 1, intakeSurgeInFlight: 3, intakeSurgeHoldMs: 50_000, spillOver: true, lockMs: 30_000, production: false,
    outboxPollMs: 1000, ...over,
  });
  const services: QueueService[] = [];
  const surges: IntakeSurge[] = [];
  const publisher = new IORedis(TEST_REDIS_URL);
  const listener = new IORedis(TEST_REDIS_URL);
  /** Every word said on the channel, in order, as this test hears it. */
  const words: string[] = [];

  /** An api process's side (no workers) or a workflow process's side (it listens for the word). */
  async function surgeOf(consume: QueueName[], over: Partial<QueueModuleOptions> = {}): Promise<IntakeSurge> {
    const queues = new QueueService(options(consume, over));
    // A producer connection does not queue commands while it connects (fail fast): the word needs it up.
    await waitFor(async () => queues.redis?.status === 'ready', 'the connection to Redis');
    const surge = new IntakeSurge(options(consume, over), queues);
    await surge.onApplicationBootstrap();
    services.push(queues);
    surges.push(surge);
    return surge;
  }
  /** Everything said before now has been heard: a marker of the test's own comes back after it. */
  async function heardSoFar(): Promise<string[]> {
    const marker = `marker-${randomBytes(3).toString('hex')}`;
    await publisher.publish(channel, marker);
    await waitFor(async () => words.includes(marker), 'the marker to come back');
    return words.splice(0).filter((w) => !w.startsWith('marker-'));
  }
  /** A hold, and whether it has let its job go yet. */
  function track(p: Promise<void>): { released: () => boolean } {
    let released = false;
    void p.then(() => (released = true));
    return { released: () => released };
  }

  beforeAll(async () => {
    listener.on('message', (_c: string, word: string) => words.push(word));
    await listener.subscribe(channel);
  });
  // Each test hears only its own words.
  beforeEach(() => heardSoFar());
  // Any hold a failed test left is let go.
  afterEach(() => surges.splice(0).forEach((s) => s.stop()));
  afterAll(async () => {
    await Promise.all(services.map((q) => q.beforeApplicationShutdown()));
    services.forEach((q) => q.redis?.disconnect());
    await deletePrefix(TEST_REDIS_URL, prefix);
    publisher.disconnect();
    listener.disconnect();
  });

  it('says the word at the threshold, holds workflow jobs while it is said, and lets them go when the surge ends', async () => {
    const api = await surgeOf([]);
    const workflow = await surgeOf([QueueName.Workflow]);
    const ends = [api.submission(), api.submission()];
    // Two in flight: below the threshold of three, nothing is said.
    expect(await heardSoFar()).toEqual([]);
    ends.push(api.submission());
    await waitFor(async () => workflow.said, 'the workflow process to hear the word');
    const held = track(workflow.hold(QueueName.Workflow, Date.now()));
    // Alarms and messages never wait.
    await workflow.hold(QueueName.Sla, Date.now());
    await workflow.hold(QueueName.Notifier, Date.now());
    expect(held.released()).toBe(false);
    expect(workflow.held).toBe(1);

    ends[0]();
    ends[0](); // ending twice counts once
    await waitFor(async () => held.released() && workflow.held === 0 && !workflow.said, 'the held job to go as the surge ends');
    ends.slice(1).forEach((end) => end());
    // Said once, taken back once: the api's later ends below the threshold say nothing more.
    expect(await heardSoFar()).toEqual(['on', 'off']);
  });

  it('a surge hovering at the threshold says "on" and "off" no more than once in 250 ms', async () => {
    const api = await surgeOf([]);
    const ends = [api.submission(), api.submission()];
    // Twenty submissions in a row, each begun and ended at once: in flight 2 → 3 → 2, twenty times.
    const started = Date.now();
    for (let i = 0; i < 20; i++) api.submission()();
    const windows = 1 + Math.floor((Date.now() - started) / 250); // 1, unless this machine stalled the loop
    ends.forEach((end) => end());
    const words = await heardSoFar();
    expect(words.slice(0, 2)).toEqual(['on', 'off']);
    expect(words.filter((w) => w === 'on').length).toBeLessThanOrEqual(windows);
  });

  it('never holds a job longer than the cap after it was queued, nor one queued longer ago than that', async () => {
    const workflow = await surgeOf([QueueName.Workflow], { intakeSurgeHoldMs: 400 });
    // An api that keeps saying the word.
    const saying = setInterval(() => void publisher.publish(channel, SURGE_ON), 200);
    try {
      await publisher.publish(channel, SURGE_ON);
      await waitFor(async () => workflow.said, 'the workflow process to hear the word');
      await workflow.hold(QueueName.Workflow, Date.now() - 400);
      const held = track(workflow.hold(QueueName.Workflow, Date.now()));
      expect(workflow.held).toBe(1);
      await waitFor(async () => held.released(), 'the cap to let the job go');
      expect(workflow.said).toBe(true);
    } finally {
      clearInterval(saying);
    }
  });

  it('lets go when the word lapses: an api that stopped mid-surge holds nothing back for long', async () => {
    const workflow = await surgeOf([QueueName.Workflow]);
    const api = await surgeOf([]);
    for (let i = 0; i < 3; i++) api.submission(); // and never ended: the process died
    await waitFor(async () => workflow.said, 'the workflow process to hear the word');
    const held = track(workflow.hold(QueueName.Workflow, Date.now()));
    await waitFor(async () => held.released(), 'the word to lapse (a second) and the job to go', 10_000);
    expect(workflow.said).toBe(false);
    expect(await heardSoFar()).toEqual(['on']);
  });

  it('says nothing when the threshold is 0, and a process that runs no workflow jobs neither listens nor holds', async () => {
    const api = await surgeOf([], { intakeSurgeInFlight: 0 });
    const ends = Array.from({ length: 20 }, () => api.submission());
    ends.forEach((end) => end());
    expect(await heardSoFar()).toEqual([]);
    const sla = await surgeOf([QueueName.Sla, QueueName.Notifier]);
    await publisher.publish(channel, SURGE_ON);
    await heardSoFar();
    expect(sla.said).toBe(false);
    await sla.hold(QueueName.Workflow, Date.now());
    expect(sla.held).toBe(0);
  });
});
