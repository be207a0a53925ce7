import { makeUscc } from '@app/domain';
import { createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** An enterprise the bureau knows without an account (a 免申即享 import made it) opens one with a one-time code. */
describe('enterprise activation', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'activation', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('issues a one-time code to an administrator and opens the account with it, once', async () => {
    const creditCode = makeUscc('91350102MA2Y77001');
    const [e]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO enterprises (credit_code, name, region_code, scale) VALUES ($1, '导入企业', '350102', 'below') RETURNING id`,
      [creditCode],
    );
    // The credit code is public: registering over a known enterprise is refused.
    await api().post('/api/v1/enterprises/register')
      .send({ creditCode, name: '冒名者', regionCode: '350102', scale: 'below', password: 'a-long-password' }).expect(409);

    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    await api().post(`/api/v1/enterprises/${e.id}/activation`).set('Authorization', city).expect(403);
    const issued = await api().post(`/api/v1/enterprises/${e.id}/activation`).set('Authorization', admin).expect(201);
    expect(issued.body.code).toMatch(/^[A-Z0-9]{12}$/);

    const wrong = await api().post('/api/v1/enterprises/activate')
      .send({ creditCode, code: 'WRONGCODE123', password: 'a-long-password' }).expect(400);
    expect(wrong.body.fields.map((f: { field: string }) => f.field)).toEqual(['code']);
    await api().post('/api/v1/enterprises/activate').send({ creditCode, code: issued.body.code, password: 'a-long-password' }).expect(204);
    await api().post('/api/v1/enterprises/activate').send({ creditCode, code: issued.body.code, password: 'another-password' }).expect(400);
    await login(server, creditCode, 'a-long-password');
    await api().post(`/api/v1/enterprises/${e.id}/activation`).set('Authorization', admin).expect(409);
  });
});
