import { ALL_QUEUES } from '@app/contracts';
import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * A high-tech enterprise reward (免申即享) end to end: the bureau imports the newly recognised enterprises, the
 * enterprise confirms its offer, the city rechecks, the ten-working-day notice passes, and the reward is paid.
 */
describe('a high-tech enterprise reward, from the import to payment', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'hightech', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    await createBudgetPool(sys.dataSource, 'high-tech-reward', 2024, 1_000_000_000);
  });
  afterAll(async () => sys?.stop());

  it('offers, confirms, rechecks, publishes, approves and pays the city and zone awards', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102', scale: 'above', inHighTechZone: true });
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    const director = await login(server, (await createStaff(sys.dataSource, ['director'])).username);
    const asE = await login(server, enterprise.username);

    const csv = [
      'creditCode,recognition,scale,inHighTechZone,certificateNo,certificateIssuedOn',
      `${enterprise.username},first,above,true,GR202435${enterprise.username.slice(-6)},2024-12-05`,
    ].join('\n');
    const created = await api().post('/api/v1/offers/imports?program=high-tech-reward&year=2024').set('Authorization', admin)
      .set('Content-Type', 'text/csv').send(csv).expect(201);
    await waitFor(async () => {
      const res = await api().get(`/api/v1/offers/imports/${created.body.id}`).set('Authorization', admin).expect(200);
      return res.body.status === 'done';
    }, 'the import');

    const offers = await api().get('/api/v1/applications?status=awaiting_confirmation').set('Authorization', asE).expect(200);
    expect(offers.body).toHaveLength(1);
    // 规上, first recognition, in the high-tech zone: city 20万 (city) + zone 30万 (district).
    expect(offers.body[0]).toMatchObject({ program: 'high-tech-reward', amountFen: 50_000_000, split: { city: 20_000_000, district: 30_000_000 } });
    const confirmed = await api().post(`/api/v1/applications/${offers.body[0].id}/confirm`).set('Authorization', asE)
      .send({ version: offers.body[0].version }).expect(200);
    const id: string = confirmed.body.id;
    expect(confirmed.body.status).toBe('recheck');

    const task = await waitFor(async () => {
      const res = await api().get('/api/v1/tasks').set('Authorization', city).expect(200);
      return res.body.find((t: { applicationId: string }) => t.applicationId === id);
    }, 'the recheck task');
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', city)
      .send({ version: task.version, decision: 'approve', reason: '证书真实有效' }).expect(200);
    await sys.waitForIdle();
    const inNotice = await api().get(`/api/v1/applications/${id}`).set('Authorization', asE).expect(200);
    expect(inNotice.body.status).toBe('public_notice');

    // The notice lasts ten working days: a week on it is still running, three weeks on it is over.
    sys.travelDays(7);
    await sys.waitForIdle();
    expect((await api().get(`/api/v1/applications/${id}`).set('Authorization', asE)).body.status).toBe('public_notice');
    sys.travelDays(14);
    await waitFor(async () => (await api().get(`/api/v1/applications/${id}`).set('Authorization', asE)).body.status === 'approved', 'approval');

    const batch = await api().post('/api/v1/disbursements/batches').set('Authorization', admin).send({ applicationIds: [id] }).expect(201);
    await api().post(`/api/v1/disbursements/batches/${batch.body.id}/approve`).set('Authorization', director).expect(200);
    await api().post(`/api/v1/disbursements/${batch.body.payments[0].id}/result`).set('Authorization', admin).send({ status: 'paid' }).expect(200);
    const paid = await api().get(`/api/v1/applications/${id}`).set('Authorization', asE).expect(200);
    expect(paid.body.status).toBe('paid');
    expect(paid.body.timeline.map((t: { to: string }) => t.to)).toEqual([
      'awaiting_confirmation', 'recheck', 'public_notice', 'approved', 'paid',
    ]);
  });
});
