import { QueueName } from '@app/contracts';
import { createStaff, login, startWebhookReceiver, waitFor } from '@app/testing';
import { register } from 'prom-client';
import request from 'supertest';
import { applicants, describeStatuses, submitAll } from './load';
import { allInOne, describeRow, phase, redis, scenario, verdict } from './scenario';

describe('fault suite', () => {
  const s = scenario('Redis kill, restart, FLUSHALL', 240_000);

  it('Redis killed and restarted empty, then flushed while the notifier has a backlog', async () => {
    // A registered webhook endpoint makes every transition owe the notifier a job (its delivery): the backlog.
    const receiver = await startWebhookReceiver();
    const sys = s.set(await allInOne('redis', { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }));
    const people = await applicants(sys, 24);
    const server = sys.http.getHttpServer();
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    await request(server).post('/api/v1/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['*'] }).expect(201);
    phase('setup');
    const load = await submitAll(sys, people.slice(0, 8), 4);
    redis.kill();
    // Submissions need PostgreSQL only (the outbox): they are still accepted while Redis is away.
    const during = await submitAll(sys, people.slice(8, 16), 4);
    const health = await request(server).get('/health');
    // The sla process tries to re-install its sweep schedule every period: the outage lasts until the counter shows
    // a try that failed, however quickly the submissions above went through.
    // (Read from the registry: the api's /metrics answers 503 while Redis is away.)
    const installFailed = async () =>
      /^subsidy_sla_sweep_install_failures_total [1-9]/m.test(await register.getSingleMetricAsString('subsidy_sla_sweep_install_failures_total'));
    await waitFor(installFailed, 'a re-installation of the sweep schedule to fail while Redis is away', 30_000);
    phase('load, kill, load');
    redis.start();
    const notifier = sys.queues.queue(QueueName.Notifier);
    await waitFor(async () => (await notifier.pause().then(() => true)), 'Redis to be back', 30_000);
    const after = await submitAll(sys, people.slice(16), 4);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(n) === 0;
    }, 'the outbox to be published', 60_000);
    phase('restart, load, outbox published');
    const backlog = await notifier.getJobCounts('wait', 'waiting');
    redis.flushAll();
    await notifier.resume();
    const metrics = await request(server).get('/metrics');
    const acknowledged = [...load.acknowledged, ...during.acknowledged, ...after.acknowledged];
    const row = describeRow({
      scenario: 'Redis kill, restart, FLUSHALL',
      load: `24 submissions: ${describeStatuses({ ...load.statuses })} / during outage ${describeStatuses(during.statuses)} / ${describeStatuses(after.statuses)}`,
      fault: `kill -9 + empty restart; FLUSHALL with ${(backlog.wait ?? 0) + (backlog.waiting ?? 0)} notifier jobs waiting`,
    });
    // The flush must meet a backlog, or it proves nothing about owed messages.
    expect((backlog.wait ?? 0) + (backlog.waiting ?? 0)).toBeGreaterThan(0);
    expect(health.status).toBe(503);
    expect(Object.entries(during.examples)).toEqual([]);
    expect(metrics.text).toMatch(/^subsidy_sla_sweep_install_failures_total [1-9]/m);
    // Lost screenings come back through the reconciler (after STUCK_AFTER_SECONDS), lost deliveries through the sweep.
    await verdict(sys, row, acknowledged, 150_000);
    await receiver.close();
  }, s.bound);
});
