import { makeUscc } from '@app/domain';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Enterprises keyed by their 统一社会信用代码: registration (check character verified), the profile an
 * enterprise may edit, and the blacklist flag only administrators set.
 */
describe('enterprises', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let asCity: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'enterprises', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer();
    asAdmin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    asCity = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);
  const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');
  const freshCode = () => makeUscc(`913501${digits(2)}MA${digits(7)}`);
  const PASSWORD = 'correct-horse-1';
  const registration = (creditCode: string) => ({
    creditCode, name: '福州测试科技有限公司', regionCode: '350102', scale: 'below', techSmeNo: '2024350102A0099', password: PASSWORD,
  });

  it('registers an enterprise with its login, and refuses the same credit code twice', async () => {
    const code = freshCode();
    const created = await api().post('/api/v1/enterprises/register').send(registration(code.toLowerCase())).expect(201);
    expect(created.body).toMatchObject({
      creditCode: code, name: '福州测试科技有限公司', regionCode: '350102', scale: 'below', techSmeNo: '2024350102A0099',
      highTechCertNo: null, inHighTechZone: false, blacklisted: false,
    });
    expect(created.body).not.toHaveProperty('password');
    const auth = await login(server, code, PASSWORD);
    const me = await api().get('/api/v1/enterprises/me').set('Authorization', auth).expect(200);
    expect(me.body).toEqual(created.body);

    const again = await api().post('/api/v1/enterprises/register').send({ ...registration(code), name: '另一家公司' }).expect(409);
    expect(again.body.message).toContain('credit code');
    const [{ n }]: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM enterprises WHERE credit_code = $1', [code]);
    expect(Number(n)).toBe(1);
    const audit: { action: string }[] = await sys.dataSource.query(
      'SELECT action FROM audit_log WHERE stream = $1', [`enterprise:${created.body.id}`],
    );
    expect(audit.map((a) => a.action)).toEqual(['enterprise.registered']);
  });

  it('refuses a credit code whose check character is wrong, saying so', async () => {
    const code = freshCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const res = await api().post('/api/v1/enterprises/register').send(registration(wrong)).expect(400);
    expect(res.body.fields).toEqual([{ field: 'creditCode', message: expect.stringContaining('check character') }]);
    const [{ n }]: { n: string }[] = await sys.dataSource.query('SELECT count(*) AS n FROM accounts WHERE username = $1', [wrong]);
    expect(Number(n)).toBe(0);
  });

  it('names every bad registration field, and refuses fields nobody may set for themselves', async () => {
    const res = await api().post('/api/v1/enterprises/register')
      .send({ creditCode: '123', regionCode: '3501', scale: 'huge', password: 'short', inHighTechZone: 'yes', blacklisted: false })
      .expect(400);
    expect(fieldsOf(res.body)).toEqual(
      expect.arrayContaining(['creditCode', 'name', 'regionCode', 'scale', 'password', 'inHighTechZone', 'blacklisted']),
    );
  });

  it('lets an enterprise change its name and qualifications, but not its blacklist flag, region or scale', async () => {
    const enterprise = await createEnterprise(sys.dataSource, { techSmeNo: null });
    const auth = await login(server, enterprise.username);
    const updated = await api().patch('/api/v1/enterprises/me').set('Authorization', auth)
      .send({ name: '  福州新名字科技有限公司 ', techSmeNo: '2025350102A0001', highTechCertNo: 'GR202535000001', inHighTechZone: true })
      .expect(200);
    expect(updated.body).toMatchObject({
      id: enterprise.enterpriseId, name: '福州新名字科技有限公司', techSmeNo: '2025350102A0001', highTechCertNo: 'GR202535000001',
      inHighTechZone: true, blacklisted: false,
    });
    const cleared = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({ highTechCertNo: null }).expect(200);
    expect(cleared.body).toMatchObject({ highTechCertNo: null, techSmeNo: '2025350102A0001' });

    for (const forbidden of [{ blacklisted: false }, { regionCode: '350111' }, { scale: 'above' }, { creditCode: freshCode() }]) {
      const res = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({ name: '改名', ...forbidden }).expect(400);
      expect(fieldsOf(res.body)).toEqual(Object.keys(forbidden));
    }
    const bad = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({ name: null, inHighTechZone: 'no' }).expect(400);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['name', 'inHighTechZone']));
    const empty = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({}).expect(400);
    expect(fieldsOf(empty.body)).toEqual(['body']);

    const me = await api().get('/api/v1/enterprises/me').set('Authorization', auth).expect(200);
    expect(me.body).toMatchObject({ name: '福州新名字科技有限公司', regionCode: '350102', scale: 'below', blacklisted: false });
    const audit: { action: string; data: Record<string, unknown> }[] = await sys.dataSource.query(
      'SELECT action, data FROM audit_log WHERE stream = $1 ORDER BY seq', [`enterprise:${enterprise.enterpriseId}`],
    );
    expect(audit.map((a) => a.action)).toEqual(['profile.updated', 'profile.updated']);
    expect(audit[1].data).toEqual({ highTechCertNo: { from: 'GR202535000001', to: null } });
  });

  it('keeps the profile endpoints to enterprises', async () => {
    await api().get('/api/v1/enterprises/me').expect(401);
    await api().get('/api/v1/enterprises/me').set('Authorization', asAdmin).expect(403);
    await api().patch('/api/v1/enterprises/me').set('Authorization', asCity).send({ name: '改名' }).expect(403);
  });

  it('lets administrators find an enterprise by credit code and blacklist it, audited', async () => {
    const enterprise = await createEnterprise(sys.dataSource);
    const asEnterprise = await login(server, enterprise.username);

    const found = await api().get('/api/v1/enterprises').query({ creditCode: enterprise.username }).set('Authorization', asAdmin).expect(200);
    expect(found.body).toEqual([expect.objectContaining({ id: enterprise.enterpriseId, creditCode: enterprise.username })]);
    const none = await api().get('/api/v1/enterprises').query({ creditCode: freshCode() }).set('Authorization', asAdmin).expect(200);
    expect(none.body).toEqual([]);
    const badCode = await api().get('/api/v1/enterprises').query({ creditCode: '91350100M000100Y44' }).set('Authorization', asAdmin).expect(400);
    expect(fieldsOf(badCode.body)).toEqual(['creditCode']);
    await api().get('/api/v1/enterprises').query({ creditCode: enterprise.username }).set('Authorization', asEnterprise).expect(403);
    await api().get('/api/v1/enterprises').query({ creditCode: enterprise.username }).set('Authorization', asCity).expect(403);
    await api().get('/api/v1/enterprises').expect(401);

    const url = `/api/v1/enterprises/${enterprise.enterpriseId}/blacklist`;
    await api().patch(url).send({ blacklisted: true, reason: '列入经营异常名录' }).expect(401);
    await api().patch(url).set('Authorization', asEnterprise).send({ blacklisted: false, reason: '我没有失信' }).expect(403);
    await api().patch(url).set('Authorization', asCity).send({ blacklisted: true, reason: '列入经营异常名录' }).expect(403);
    const bad = await api().patch(url).set('Authorization', asAdmin).send({ blacklisted: 'yes' }).expect(400);
    expect(fieldsOf(bad.body)).toEqual(expect.arrayContaining(['blacklisted', 'reason']));
    await api().patch('/api/v1/enterprises/00000000-0000-4000-8000-000000000000/blacklist').set('Authorization', asAdmin)
      .send({ blacklisted: true, reason: '列入经营异常名录' }).expect(404);
    await api().patch('/api/v1/enterprises/not-an-id/blacklist').set('Authorization', asAdmin)
      .send({ blacklisted: true, reason: '列入经营异常名录' }).expect(404);

    const set = await api().patch(url).set('Authorization', asAdmin).send({ blacklisted: true, reason: '列入经营异常名录' }).expect(200);
    expect(set.body).toMatchObject({ id: enterprise.enterpriseId, blacklisted: true });
    const me = await api().get('/api/v1/enterprises/me').set('Authorization', asEnterprise).expect(200);
    expect(me.body.blacklisted).toBe(true);
    await api().patch(url).set('Authorization', asAdmin).send({ blacklisted: false, reason: '已移出经营异常名录' }).expect(200);

    const audit: { actor_role: string; action: string; data: Record<string, unknown> }[] = await sys.dataSource.query(
      'SELECT actor_role, action, data FROM audit_log WHERE stream = $1 ORDER BY seq', [`enterprise:${enterprise.enterpriseId}`],
    );
    expect(audit).toEqual([
      { actor_role: 'administrator', action: 'blacklist.set', data: { blacklisted: true, previous: false, reason: '列入经营异常名录' } },
      { actor_role: 'administrator', action: 'blacklist.cleared', data: { blacklisted: false, previous: true, reason: '已移出经营异常名录' } },
    ]);
  });

  it('documents every enterprise endpoint with its schemas and error codes', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    const expectations: [string, string, string[], boolean][] = [
      ['/api/v1/enterprises/register', 'post', ['201', '400', '409'], true],
      ['/api/v1/enterprises/me', 'get', ['200', '401', '403'], false],
      ['/api/v1/enterprises/me', 'patch', ['200', '400', '401', '403'], true],
      ['/api/v1/enterprises', 'get', ['200', '400', '401', '403'], false],
      ['/api/v1/enterprises/{id}/blacklist', 'patch', ['200', '400', '401', '403', '404'], true],
      ['/api/v1/programs/{program}/versions', 'post', ['201', '400', '401', '403', '404', '409'], true],
      ['/api/v1/programs/{program}/versions/{version}', 'get', ['200', '404'], false],
      ['/api/v1/calculator', 'post', ['200', '400', '429'], true],
    ];
    for (const [path, method, codes, hasBody] of expectations) {
      const operation = doc.paths[path]?.[method];
      expect({ path, method, codes: Object.keys(operation?.responses ?? {}) }).toEqual({ path, method, codes: expect.arrayContaining(codes) });
      if (hasBody) expect({ path, body: Boolean(operation.requestBody) }).toEqual({ path, body: true });
    }
  });
});
