import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startTestSystem, startWebhookReceiver, TestSystem, waitFor } from '@app/testing';
import { Webhook } from 'standardwebhooks';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';
import { StuckDeliverySweep } from '../../apps/notifier/src/stuck-delivery-sweep';

interface Delivery {
  id: string;
  endpointId: string;
  applicationId: string;
  event: string;
  status: string;
  attempts: number;
  replays: number;
  lastError: string | null;
}

/**
 * Webhooks end to end: an administrator registers a receiver (a real HTTP server on loopback), case changes
 * become signed deliveries through the outbox and the notifier queue, failures are retried with backoff
 * (a 20 ms base here), the last failure dead-letters the delivery, and a replay delivers it.
 */
describe('webhooks', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let admin: { accountId: string; username: string };

  beforeAll(async () => {
    sys = await startTestSystem({
      label: 'webhooks', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true,
      // The receivers here listen on loopback, which only a host the configuration names may be.
      env: { WEBHOOK_BACKOFF_MS: '20', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' },
    });
    server = sys.http.getHttpServer();
    admin = await createStaff(sys.dataSource, ['administrator']);
    asAdmin = await login(server, admin.username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);

  async function register(url: string, events: string[]): Promise<{ id: string; secret: string }> {
    const res = await api().post('/api/v1/webhooks').set('Authorization', asAdmin).send({ url, events }).expect(201);
    return res.body;
  }

  async function submitCase(): Promise<string> {
    const enterprise = await createEnterprise(sys.dataSource);
    const auth = await login(server, enterprise.username);
    const res = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    return res.body.id;
  }

  async function deliveryOf(endpointId: string, applicationId: string, status?: string): Promise<Delivery> {
    return waitFor(async () => {
      const res = await api().get('/api/v1/webhooks/deliveries').query(status ? { status } : {}).set('Authorization', asAdmin).expect(200);
      return (res.body as Delivery[]).find((d) => d.endpointId === endpointId && d.applicationId === applicationId
        && (!status || d.status === status));
    }, `a ${status ?? ''} delivery to ${endpointId}`);
  }

  it('registers only http(s) URLs and known event patterns, for administrators only, and shows the secret once', async () => {
    const bad = await api().post('/api/v1/webhooks').set('Authorization', asAdmin)
      .send({ url: 'ftp://example.com/x', events: ['case.*', 'DROP TABLE'], secret: 'mine' }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['url', 'events', 'secret']));
    await api().post('/api/v1/webhooks').set('Authorization', asAdmin).send({ url: 'javascript:alert(1)', events: ['*'] }).expect(400);

    const reviewer = await createStaff(sys.dataSource, ['city_reviewer']);
    const asReviewer = await login(server, reviewer.username);
    await api().post('/api/v1/webhooks').set('Authorization', asReviewer).send({ url: 'https://example.com/h', events: ['*'] }).expect(403);
    await api().get('/api/v1/webhooks/deliveries').set('Authorization', asReviewer).expect(403);

    const created = await register('https://example.com/hooks', ['case.approved', 'case.*']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const list = await api().get('/api/v1/webhooks').set('Authorization', asAdmin).expect(200);
    const listed = (list.body as { id: string; secret?: string }[]).find((w) => w.id === created.id);
    expect(listed).toMatchObject({ url: 'https://example.com/hooks', events: ['case.approved', 'case.*'] });
    expect(listed).not.toHaveProperty('secret');
    expect(JSON.stringify(list.body)).not.toContain(created.secret);

    await api().delete(`/api/v1/webhooks/${created.id}`).set('Authorization', asAdmin).expect(204);
    await api().delete(`/api/v1/webhooks/${created.id}`).set('Authorization', asAdmin).expect(404);
    const after = await api().get('/api/v1/webhooks').set('Authorization', asAdmin).expect(200);
    expect(after.body.map((w: { id: string }) => w.id)).not.toContain(created.id);
  });

  it('refuses loopback, link-local and private targets not allowed by configuration, at registration and again when delivering', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://localhost:6379/', 'http://10.1.2.3/hook', 'http://[::1]:6379/x',
      'http://192.168.1.10/h', 'http://[::ffff:127.0.0.2]/x', 'http://127.0.0.2:6379/']) {
      const refused = await api().post('/api/v1/webhooks').set('Authorization', asAdmin).send({ url, events: ['*'] }).expect(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'url', message: expect.stringMatching(/loopback|private/) })]);
    }
    // A name that resolves to loopback when the delivery is made (as after DNS rebinding) is never connected to.
    const receiver = await startWebhookReceiver(() => 204);
    const [row]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO webhook_endpoints (url, events, secret, created_by) VALUES ($1, '{case.*}', $2, $3) RETURNING id`,
      [receiver.url.replace('127.0.0.1', 'localhost'), `whsec_${Buffer.alloc(32, 7).toString('base64')}`, admin.accountId],
    );
    try {
      const applicationId = await submitCase();
      const dead = await deliveryOf(row.id, applicationId, 'dead');
      expect(dead.lastError).toMatch(/loopback, link-local or private/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
      await sys.dataSource.query('UPDATE webhook_endpoints SET deleted_at = now() WHERE id = $1', [row.id]);
    }
  });

  it('posts a signed event of ids only, for the events the endpoint asked for', async () => {
    const receiver = await startWebhookReceiver(() => 204);
    const endpoint = await register(receiver.url, ['case.acceptance']);
    try {
      const applicationId = await submitCase();
      const delivery = await deliveryOf(endpoint.id, applicationId, 'delivered');
      expect(delivery).toMatchObject({ event: 'case.acceptance', attempts: 1, lastError: null });

      const mine = receiver.received.filter((r) => JSON.parse(r.body).data.applicationId === applicationId);
      expect(mine).toHaveLength(1);
      const [{ headers, body }] = mine;
      // Standard Webhooks: the receiver's library verifies signature and timestamp; another key or an old timestamp fails.
      const signed = { 'webhook-id': String(headers['webhook-id']), 'webhook-timestamp': String(headers['webhook-timestamp']), 'webhook-signature': String(headers['webhook-signature']) };
      expect(new Webhook(endpoint.secret).verify(body, signed)).toMatchObject({ id: delivery.id });
      expect(() => new Webhook(`whsec_${Buffer.from('another-secret-of-32-bytes-long!').toString('base64')}`).verify(body, signed)).toThrow();
      const stale = { ...signed, 'webhook-timestamp': String(Number(signed['webhook-timestamp']) - 3600) };
      expect(() => new Webhook(endpoint.secret).verify(body, stale)).toThrow();
      expect(Math.abs(Number(signed['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(120);
      expect(headers['webhook-id']).toBe(delivery.id);
      expect(headers['content-type']).toMatch(/application\/json/);
      const event = JSON.parse(body);
      expect(event).toMatchObject({
        id: delivery.id, event: 'case.acceptance',
        data: { applicationId, from: 'submitted', to: 'acceptance', program: 'innovation-voucher' },
      });
      expect(new Date(event.occurredAt).toISOString()).toBe(event.occurredAt);
      // Ids and states only: nothing of the enterprise's name, credit code or amounts.
      expect(Object.keys(event.data).sort()).toEqual(['action', 'applicationId', 'enterpriseId', 'from', 'program', 'to', 'transitionId']);

      // case.submitted happened too, but this endpoint did not ask for it; and no transition is delivered twice.
      const rows: { event: string }[] = await sys.dataSource.query(
        'SELECT event FROM webhook_deliveries WHERE endpoint_id = $1 AND application_id = $2',
        [endpoint.id, applicationId],
      );
      expect(rows.map((r) => r.event)).toEqual(['case.acceptance']);
    } finally {
      await api().delete(`/api/v1/webhooks/${endpoint.id}`).set('Authorization', asAdmin).expect(204);
      await receiver.close();
    }
  });

  it('retries a failing receiver with backoff: two failures, then the third try delivers', async () => {
    const receiver = await startWebhookReceiver((n) => (n <= 2 ? 500 : 200));
    const endpoint = await register(receiver.url, ['case.submitted']);
    try {
      const applicationId = await submitCase();
      const delivery = await deliveryOf(endpoint.id, applicationId, 'delivered');
      expect(delivery).toMatchObject({ attempts: 3, lastError: null });
      expect(receiver.received).toHaveLength(3);
      // Every try carries the same delivery id and the same signed bytes.
      expect(new Set(receiver.received.map((r) => r.headers['x-delivery-id']))).toEqual(new Set([delivery.id]));
      expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    } finally {
      await api().delete(`/api/v1/webhooks/${endpoint.id}`).set('Authorization', asAdmin).expect(204);
      await receiver.close();
    }
  });

  it('dead-letters a delivery after the last try, lists it, and a replay to the healed receiver delivers it', async () => {
    const receiver = await startWebhookReceiver(() => 503);
    const endpoint = await register(receiver.url, ['case.submitted']);
    try {
      const applicationId = await submitCase();
      const dead = await deliveryOf(endpoint.id, applicationId, 'dead');
      expect(dead).toMatchObject({ attempts: 3, lastError: 'HTTP 503', replays: 0 });
      expect(receiver.received).toHaveLength(3);
      // A dead delivery is not replayed by itself, and only a dead one can be replayed.
      await api().post('/api/v1/webhooks/deliveries/7b0c7c43-5d1b-4d8e-9a39-0a6f3f1e2b11/replay').set('Authorization', asAdmin).expect(404);

      receiver.answerWith(() => 200);
      const replayed = await api().post(`/api/v1/webhooks/deliveries/${dead.id}/replay`).set('Authorization', asAdmin).expect(200);
      expect(replayed.body).toMatchObject({ id: dead.id, replays: 1 });
      const delivered = await deliveryOf(endpoint.id, applicationId, 'delivered');
      expect(delivered).toMatchObject({ id: dead.id, attempts: 1, replays: 1, lastError: null });
      expect(receiver.received).toHaveLength(4);
      expect(receiver.received[3].headers['x-delivery-id']).toBe(dead.id);
      await api().post(`/api/v1/webhooks/deliveries/${dead.id}/replay`).set('Authorization', asAdmin).expect(409);
      const deadList = await api().get('/api/v1/webhooks/deliveries?status=dead').set('Authorization', asAdmin).expect(200);
      expect(deadList.body.map((d: Delivery) => d.id)).not.toContain(dead.id);
    } finally {
      await api().delete(`/api/v1/webhooks/${endpoint.id}`).set('Authorization', asAdmin).expect(204);
      await receiver.close();
    }
  });

  it('gives up on a receiver that does not answer within the time limit, and says so', async () => {
    const receiver = await startWebhookReceiver(() => 0);
    const endpoint = await register(receiver.url, ['case.submitted']);
    try {
      const applicationId = await submitCase();
      const dead = await deliveryOf(endpoint.id, applicationId, 'dead');
      expect(dead).toMatchObject({ attempts: 3, lastError: 'no answer within 2000 ms' });
      expect(receiver.received).toHaveLength(3);
    } finally {
      await api().delete(`/api/v1/webhooks/${endpoint.id}`).set('Authorization', asAdmin).expect(204);
      await receiver.close();
    }
  });

  it('gives a pending delivery long past due with no job queued a new job from PostgreSQL, and leaves on-time ones alone', async () => {
    const receiver = await startWebhookReceiver(() => 200);
    const endpoint = await register(receiver.url, ['case.submitted']);
    try {
      const applicationId = await submitCase();
      const delivery = await deliveryOf(endpoint.id, applicationId, 'delivered');
      // The state a lost job leaves (the sweep reads PostgreSQL only; faults.e2e F2 and owed-messages.e2e lose
      // real queued jobs): the row says a try is due long ago, and no job exists for it any more.
      await sys.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, delivered_at = NULL,
                next_attempt_at = now() - interval '10 minutes' WHERE id = $1`,
        [delivery.id],
      );
      const sweep = sys.http.get(StuckDeliverySweep);
      expect(await sweep.run()).toBe(1);
      expect(await sweep.run()).toBe(0);
      const again = await deliveryOf(endpoint.id, applicationId, 'delivered');
      expect(again).toMatchObject({ id: delivery.id, attempts: 1 });
      expect(receiver.received.map((r) => r.headers['x-delivery-id'])).toEqual([delivery.id, delivery.id]);
    } finally {
      await api().delete(`/api/v1/webhooks/${endpoint.id}`).set('Authorization', asAdmin).expect(204);
      await receiver.close();
    }
  });

  it('documents every webhook endpoint with its schemas and error codes', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const expectations: [string, string, string[], boolean][] = [
      ['/api/v1/webhooks', 'post', ['201', '400', '401', '403'], true],
      ['/api/v1/webhooks', 'get', ['200', '401', '403'], false],
      ['/api/v1/webhooks/{id}', 'delete', ['204', '401', '403', '404'], false],
      ['/api/v1/webhooks/deliveries', 'get', ['200', '400', '401', '403'], false],
      ['/api/v1/webhooks/deliveries/{id}/replay', 'post', ['200', '401', '403', '404', '409'], false],
    ];
    for (const [path, method, codes, hasBody] of expectations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, codes: Object.keys(operation?.responses ?? {}) }).toEqual({ path, method, codes: expect.arrayContaining(codes) });
      if (hasBody) expect({ path, body: Boolean(operation.requestBody) }).toEqual({ path, body: true });
    }
  });
});
