import { QueueName } from '@app/contracts';
import { IntakeSurge, QueueModuleOptions, QueueService, SPILL_STUCK_MS, SpillOver, surgeChannel, SURGE_ON, workerName } from '@app/queue';
import { deletePrefix, TEST_REDIS_URL, waitFor } from '@app/testing';
import { Job, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { register } from 'prom-client';

/**
 * Workflow jobs gathered on one process until it falls behind (libs/queue/src/spill-over.ts): two or three
 * "processes" — each its own QueueService, IntakeSurge, SpillOver and BullMQ worker — on the machine's Redis, under
 * a queue prefix of each test's own.
 */
describe('workflow jobs spill over from the lead', () => {
  const prefixes: string[] = [];
  const publisher = new IORedis(TEST_REDIS_URL);
  const opened: { queues: QueueService; surge: IntakeSurge; spill: SpillOver; worker: Worker }[] = [];

  interface Proc {
    name: string;
    spill: SpillOver;
    queues: QueueService;
    /** The jobs this process ran, by name. */
    ran: string[];
    /** Lets go of the jobs its processor holds (data.hold). */
    release: () => void;
    /** Stops as WorkerHost does: lets go of the lead, then closes the worker. */
    shutdown: () => Promise<void>;
  }

  function options(prefix: string, over: Partial<QueueModuleOptions> = {}): QueueModuleOptions {
    return {
      redisUrl: TEST_REDIS_URL, databaseUrl: 'postgres://unused', prefix, consume: [QueueName.Workflow, QueueName.Alarms],
      relay: true, concurrency: 1, jobsWhileServing: 1, intakeSurgeInFlight: 3, intakeSurgeHoldMs: 50_000, spillOver: true,
      lockMs: 30_000, production: false, outboxPollMs: 1000, ...over,
    };
  }

  /** A workflow process: its worker runs a job at a time, holding those with `hold: true` until released. */
  async function start(name: string, prefix: string, over: Partial<QueueModuleOptions> = {}): Promise<Proc> {
    const o = options(prefix, over);
    const queues = new QueueService(o);
    await waitFor(async () => queues.redis?.status === 'ready', 'the connection to Redis');
    const surge = new IntakeSurge(o, queues);
    await surge.onApplicationBootstrap();
    const spill = new SpillOver(o, queues, surge);
    const ran: string[] = [];
    let releases: (() => void)[] = [];
    const worker = new Worker(
      QueueName.Workflow,
      async (job: Job) => {
        ran.push(job.name);
        if ((job.data as { hold?: boolean }).hold) await new Promise<void>((r) => releases.push(r));
      },
      {
        connection: new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null }), prefix, concurrency: 1, autorun: !spill.governs(QueueName.Workflow),
        // Named as WorkerHost names its workers: how a standby tells a live lead from a crashed one.
        name: workerName(),
      },
    );
    opened.push({ queues, surge, spill, worker });
    if (spill.governs(QueueName.Workflow)) await spill.govern(worker);
    const shutdown = async () => {
      await spill.stop();
      await worker.close();
    };
    return { name, spill, queues, ran, release: () => (releases.splice(0).forEach((r) => r()), (releases = [])), shutdown };
  }

  function newPrefix(): string {
    const prefix = `t_${randomBytes(5).toString('hex')}`;
    prefixes.push(prefix);
    return prefix;
  }

  const add = (p: Proc, name: string, data: object = {}) => p.queues.queue(QueueName.Workflow).add(name, data);

  afterEach(async () => {
    for (const { spill, surge, worker, queues } of opened.splice(0)) {
      await spill.stop();
      surge.stop();
      await worker.close(true).catch(() => undefined);
      await queues.beforeApplicationShutdown();
      queues.redis?.disconnect();
    }
  });
  afterAll(async () => {
    for (const prefix of prefixes) await deletePrefix(TEST_REDIS_URL, prefix);
    publisher.disconnect();
  });

  it('the first process leads and takes every job while it keeps up; the other stands by and takes none', async () => {
    const prefix = newPrefix();
    const a = await start('a', prefix);
    const b = await start('b', prefix);
    expect(a.spill.isLead).toBe(true);
    expect(b.spill.isLead).toBe(false);
    expect(b.spill.isEngaged).toBe(false);
    for (let i = 0; i < 12; i++) {
      await add(a, `job-${i}`);
      await waitFor(async () => a.ran.length === i + 1, `job ${i} to run`);
    }
    expect(b.ran).toEqual([]);
    // Its relay stands by as well: the outbox is relayed where the jobs are.
    expect(a.spill.mayLeadRelay).toBe(true);
    expect(b.spill.mayLeadRelay).toBe(false);
  });

  it('a standby joins in when a job has waited while the lead is full, and stands back once nothing waits', async () => {
    const prefix = newPrefix();
    const a = await start('a', prefix);
    const b = await start('b', prefix);
    await add(a, 'long', { hold: true });
    await waitFor(async () => a.ran.includes('long'), 'the lead to take the long job');
    const stuckJoins = async () =>
      (await register.getSingleMetric('subsidy_workflow_standby_joins_total')!.get()).values.find((v) => v.labels.reason === 'stuck')?.value ?? 0;
    const joinsBefore = await stuckJoins();
    const queued = Date.now();
    await add(a, 'next');
    await waitFor(async () => b.ran.includes('next'), 'the standby to take the job the lead has no slot for', 20_000);
    // It joined because the job waited, not at once, and /metrics says which rule brought it in.
    expect(Date.now() - queued).toBeGreaterThanOrEqual(SPILL_STUCK_MS);
    expect(await stuckJoins()).toBe(joinsBefore + 1);
    expect(a.ran).toEqual(['long']);
    await waitFor(async () => !b.spill.isEngaged, 'the standby to stand back with nothing waiting');
    a.release();
    for (let i = 0; i < 6; i++) {
      await add(a, `after-${i}`);
      await waitFor(async () => [...a.ran, ...b.ran].includes(`after-${i}`), `job after-${i} to run`);
    }
    // Standing back, it may still take the one job its last fetch was waiting for; the rest go to the lead.
    expect(b.ran.length).toBeLessThanOrEqual(2);
    expect(a.ran.length).toBeGreaterThanOrEqual(6);
  });

  it('a lead that stops lets go at once, a killed one is taken at once, and a hung one loses it when its key lapses', async () => {
    const prefix = newPrefix();
    const a = await start('a', prefix);
    const b = await start('b', prefix);
    await a.shutdown();
    await waitFor(async () => b.spill.isLead && b.spill.isEngaged, 'the standby to take the lead');
    await add(b, 'taken-over');
    await waitFor(async () => b.ran.includes('taken-over'), 'the new lead to run the job');

    // A lead whose process looks alive (a worker of its name is connected) but no longer renews: its key lapses.
    const other = newPrefix();
    const hung = new Worker(QueueName.Workflow, async () => undefined, {
      connection: new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null }), prefix: other, autorun: false, name: 'hung-host-1',
    });
    await hung.waitUntilReady();
    await publisher.set(`${other}:${QueueName.Workflow}:spill-lead`, 'hung-host-1|x', 'PX', 1500);
    const c = await start('c', other);
    expect(c.spill.isLead).toBe(false);
    await waitFor(async () => c.spill.isLead, 'the lapsed lead to be taken');
    await hung.close();

    // A process killed while it led: no worker of its name is connected, so a process starting takes the lead at once.
    const third = newPrefix();
    await publisher.set(`${third}:${QueueName.Workflow}:spill-lead`, 'killed-host-1|x', 'PX', 60_000);
    const d = await start('d', third);
    expect(d.spill.isLead).toBe(true);
  });

  it('holds off while an api is in a surge: the jobs wait on purpose, and taking them would only hold them here', async () => {
    const prefix = newPrefix();
    const a = await start('a', prefix);
    const b = await start('b', prefix);
    const saying = setInterval(() => void publisher.publish(surgeChannel(prefix), SURGE_ON), 200);
    try {
      await publisher.publish(surgeChannel(prefix), SURGE_ON);
      await add(a, 'long', { hold: true });
      await waitFor(async () => a.ran.includes('long'), 'the lead to take the long job');
      await waitFor(async () => b.spill.isEngaged === false && (await publisher.pubsub('NUMSUB', surgeChannel(prefix)))[1] === 2, 'both to listen');
      const queued = Date.now();
      await add(a, 'waits');
      await waitFor(async () => Date.now() - queued > SPILL_STUCK_MS + 1000, 'the job to wait past the stuck mark');
      expect(b.ran).toEqual([]);
      expect(b.spill.isEngaged).toBe(false);
    } finally {
      clearInterval(saying);
      a.release();
    }
  });

  it('governs nothing when switched off, without Redis, or for other queues', async () => {
    const prefix = newPrefix();
    const off = await start('off', prefix, { spillOver: false });
    expect(off.spill.governs(QueueName.Workflow)).toBe(false);
    expect(off.spill.mayLeadRelay).toBe(true);
    await add(off, 'runs');
    await waitFor(async () => off.ran.includes('runs'), 'an ungoverned worker to run its job');
    const on = new SpillOver(options(prefix), off.queues, new IntakeSurge(options(prefix), off.queues));
    expect(on.governs(QueueName.Alarms)).toBe(false);
    expect(on.governs(QueueName.Workflow)).toBe(true);
    const embedded = new SpillOver(options(prefix, { redisUrl: null }), off.queues, new IntakeSurge(options(prefix), off.queues));
    expect(embedded.governs(QueueName.Workflow)).toBe(false);
  });
});
