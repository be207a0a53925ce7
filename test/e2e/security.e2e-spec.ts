import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
function token(header: object, payload: object, secret: string | null): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return secret === null ? `${body}.` : `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** docs/RELIABILITY.md's security checks that concern the API so far: tokens, lockout, isolation, the audit log. */
describe('security checks', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'security', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('refuses tampered, alg:none, foreign-key, expired and logged-out tokens with 401', async () => {
    const e = await createEnterprise(sys.dataSource);
    const auth = await login(server, e.username);
    await api().get('/api/v1/auth/me').set('Authorization', auth).expect(200);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: e.accountId, tv: 0, iat: now };
    for (const forged of [
      token({ alg: 'none', typ: 'JWT' }, { ...claims, exp: now + 600 }, null),
      token({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now + 600 }, 'someone-elses-secret-key'),
      token({ alg: 'HS256', typ: 'JWT' }, { ...claims, exp: now - 10 }, sys.config.jwt.secret),
      `${auth.slice(7, -4)}AAAA`,
    ]) {
      await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
    }
    await api().post('/api/v1/auth/logout').set('Authorization', auth).expect(204);
    await api().get('/api/v1/auth/me').set('Authorization', auth).expect(401);
  });

  it('audits wrong passwords and never says whether an account exists', async () => {
    const e = await createEnterprise(sys.dataSource);
    const unknown = await api().post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'x' }).expect(401);
    const wrong = await api().post('/api/v1/auth/login').send({ username: e.username, password: 'wrong' }).expect(401);
    expect(unknown.body.message).toBe(wrong.body.message);
    for (let i = 0; i < 2; i++) await api().post('/api/v1/auth/login').send({ username: e.username, password: 'wrong' }).expect(401);
    await api().post('/api/v1/auth/login').send({ username: e.username, password: 'test-password-1' }).expect(200);
    const failures: unknown[] = await sys.dataSource.query(
      `SELECT 1 FROM audit_log WHERE stream = $1 AND action = 'login.failed'`, [`account:${e.accountId}`]);
    expect(failures).toHaveLength(3);
  });

  it("keeps enterprises apart (404, audited) and lets only the auditor read a verifiable audit log", async () => {
    const owner = await createEnterprise(sys.dataSource);
    const other = await createEnterprise(sys.dataSource);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, owner.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 3_000_000, relatedParty: false } }).expect(201);
    const asOther = await login(server, other.username);
    const denied = await api().get(`/api/v1/applications/${created.body.id}`).set('Authorization', asOther).expect(404);
    expect(denied.body).toEqual({ statusCode: 404, error: 'not-found', message: 'application not found', requestId: expect.any(String) });
    expect(denied.headers['x-content-type-options']).toBe('nosniff');

    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    await api().get('/api/v1/audit').set('Authorization', admin).expect(403);
    const auditor = await login(server, (await createStaff(sys.dataSource, ['auditor'])).username);
    const trail = await api().get(`/api/v1/audit?stream=account:${other.accountId}`).set('Authorization', auditor).expect(200);
    expect(trail.body.map((r: { action: string }) => r.action)).toContain('case.read-denied');
    const verified = await api().get('/api/v1/audit/verification').set('Authorization', auditor).expect(200);
    expect(verified.body.ok).toBe(true);
  });
});
