import { ALL_QUEUES, QueueName } from '@app/contracts';
import {
  createEnterprise, createStaff, login, owedMessages, PrivateRedis, startRedis, startTestSystem, startWebhookReceiver, TestSystem, waitFor,
} from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

const CASES = 20;
/** Offers of a 免申即享 import, told by one notification job for their batch. */
const OFFERS = 3;

/**
 * Issue 10, item 15: Redis loses the notifier's backlog (a FLUSHALL of this test's own redis-server: atomic, as
 * the real one is — deleting a prefix key by key while the workers run leaves half-deleted jobs a FLUSHALL never
 * does). The messages are owed in PostgreSQL (`owed_jobs`), so the sweep queues their jobs
 * again and, once things settle, nobody lacks a message. A case's transitions write their enterprise's messages
 * themselves; with a webhook endpoint registered each also owes the notifier a job for its delivery.
 */
describe('messages owed when Redis loses the notifier backlog', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  let redis: PrivateRedis;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

  beforeAll(async () => {
    redis = await startRedis();
    receiver = await startWebhookReceiver();
    sys = await startTestSystem({
      label: 'owed', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true, redisUrl: redis.url,
      env: { WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => {
    await sys?.stop();
    redis?.stop();
    await receiver?.close();
  });

  it('a flush while the notifier has a backlog leaves 0 messages owed and not sent once settled', async () => {
    await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    await request(server).post('/api/v1/webhooks').set('Authorization', admin).send({ url: receiver.url, events: ['*'] }).expect(201);
    const notifier = sys.queues.queue(QueueName.Notifier);
    // The notifier falls behind: its queue is paused while cases are submitted, screened and routed.
    await notifier.pause();
    const ids: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
      const res = await request(server).post('/api/v1/applications').set('Authorization', await login(server, e.username))
        .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
      ids.push(res.body.id);
    }
    // And an import opens offers for enterprises with accounts: their batch's one notification job is owed too.
    const offered = await Promise.all(Array.from({ length: OFFERS }, () => createEnterprise(sys.dataSource, { regionCode: '350102' })));
    const csv = ['creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen', ...offered.map((e) => `${e.username},true,500000000,300000000`)];
    const upload = await request(server).post('/api/v1/offers/imports?program=rd-subsidy&year=2025').set('Authorization', admin)
      .set('Content-Type', 'text/csv').send(csv.join('\n')).expect(201);
    await waitFor(async () => {
      const [{ n }]: { n: number }[] = await sys.dataSource.query(
        `SELECT rows_created AS n FROM offer_imports WHERE id = $1 AND status = 'done'`, [upload.body.id]);
      return n === OFFERS;
    }, 'the offers to be imported', 60_000);
    const [{ n: batchJobs }]: { n: number }[] = await sys.dataSource.query(
      `SELECT count(*)::int AS n FROM owed_jobs WHERE job_name = 'notify-offer-batch'`);
    expect(batchJobs).toBe(1);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query(
        `SELECT count(*) AS n FROM review_tasks WHERE stage = 'acceptance' AND application_id = ANY($1::uuid[])`, [ids]);
      return Number(n) === CASES;
    }, 'every acceptance task', 60_000);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM outbox WHERE published_at IS NULL');
      return Number(n) === 0;
    }, 'the outbox to be published');
    // The backlog: a job per transition (opening, screening) for its webhook delivery, and the batch's. Owed: those
    // jobs, each offer's message and the batch's job; the cases' own messages are there already.
    const backlog = await notifier.getJobCounts('waiting', 'wait');
    expect((backlog.waiting ?? 0) + (backlog.wait ?? 0)).toBeGreaterThanOrEqual(CASES * 2 + 1);
    const owedBefore = await owedMessages(sys.dataSource);
    expect(owedBefore.length).toBeGreaterThanOrEqual(CASES * 2 + OFFERS + 1);
    expect(owedBefore.filter((m) => JSON.parse(m).kind === 'enterprise')).toHaveLength(OFFERS);

    // Redis loses everything: the backlog, the sweep's schedule, the timers (and the pause).
    redis.flushAll();
    await notifier.resume();

    await waitFor(async () => (await owedMessages(sys.dataSource)).length === 0, 'no message owed', 60_000).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${(await owedMessages(sys.dataSource)).slice(0, 10).join('\n')}`);
    });
    await sys.waitForIdle(30_000);
    expect(await owedMessages(sys.dataSource)).toEqual([]);
    // And nothing was said twice: one message per account and transition (the unique key), two transitions a case,
    // one an offer.
    const [{ n }]: { n: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS n FROM notifications n JOIN accounts acc ON acc.id = n.account_id WHERE acc.enterprise_id IS NOT NULL`);
    expect(Number(n)).toBe(CASES * 2 + OFFERS);
    // And every transition of the cases reached the receiver, once.
    const [{ d }]: { d: string }[] = await sys.dataSource.query(
      `SELECT count(*) AS d FROM webhook_deliveries WHERE status = 'delivered' AND application_id = ANY($1::uuid[])`, [ids]);
    expect(Number(d)).toBe(CASES * 2);
  });
});
