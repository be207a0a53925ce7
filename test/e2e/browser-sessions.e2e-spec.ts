import { totpCode } from '@app/auth';
import { createEnterprise, createStaff, ensureWebBuilt, startTestSystem, TEST_PASSWORD, TEST_TOTP_SECRET, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Browser sessions: login also sets an HttpOnly, SameSite=Strict cookie that authenticates like the bearer token;
 * an unsafe request authenticated by the cookie needs the CSRF token; bull-board opens for an administrator's
 * cookie; the pages are served at `/` without shadowing the API.
 */
describe('browser sessions and the pages', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    ensureWebBuilt();
    sys = await startTestSystem({ label: 'sessions', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  const cookieLogin = async (username: string) => {
    const res = await request(server).post('/api/v1/auth/login').send({ username, password: TEST_PASSWORD, totp: totpCode(TEST_TOTP_SECRET) }).expect(200);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookie.find((c) => c.startsWith('sf_session='));
    return { res, session: session!, cookie: session!.split(';')[0] };
  };

  it('sets an HttpOnly SameSite=Strict session cookie (not Secure outside production) that authenticates alone', async () => {
    const e = await createEnterprise(sys.dataSource);
    const { res, session, cookie } = await cookieLogin(e.username);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
    expect(session).not.toMatch(/Secure/i);
    const me = await request(server).get('/api/v1/auth/me').set('Cookie', cookie).expect(200);
    expect(me.body.username).toBe(e.username);
    await request(server).get('/api/v1/auth/me').set('Cookie', 'sf_session=forged.token.value').expect(401);
    // A page asks who it is without a 401 (no error in the browser console when nobody is logged in).
    expect((await request(server).get('/api/v1/auth/session').set('Cookie', cookie).expect(200)).body.me.username).toBe(e.username);
    expect((await request(server).get('/api/v1/auth/session').expect(200)).body).toEqual({ me: null });
    expect((await request(server).get('/api/v1/auth/session').set('Cookie', 'sf_session=forged').expect(200)).body).toEqual({ me: null });
  });

  it('refuses an unsafe cookie request without the CSRF token, accepts it with one, and never asks bearer clients', async () => {
    const e = await createEnterprise(sys.dataSource);
    const { cookie } = await cookieLogin(e.username);
    const refused = await request(server).post('/api/v1/auth/logout').set('Cookie', cookie).expect(403);
    expect(refused.body.error).toBe('csrf');
    // A token of another session does not do either.
    const other = await cookieLogin((await createEnterprise(sys.dataSource)).username);
    const otherCsrf = await request(server).get('/api/v1/auth/csrf').set('Cookie', other.cookie).expect(200);
    const otherCsrfCookie = ([] as string[]).concat(otherCsrf.headers['set-cookie']).find((c) => c.startsWith('sf_csrf='))!.split(';')[0];
    await request(server).post('/api/v1/auth/logout').set('Cookie', `${cookie}; ${otherCsrfCookie}`)
      .set('x-csrf-token', otherCsrf.body.csrfToken).expect(403);

    const csrf = await request(server).get('/api/v1/auth/csrf').set('Cookie', cookie).expect(200);
    const csrfCookie = ([] as string[]).concat(csrf.headers['set-cookie']).find((c) => c.startsWith('sf_csrf='))!;
    expect(csrfCookie).toMatch(/SameSite=Strict/i);
    const both = `${cookie}; ${csrfCookie.split(';')[0]}`;
    await request(server).post('/api/v1/auth/logout').set('Cookie', both).set('x-csrf-token', 'wrong').expect(403);
    const out = await request(server).post('/api/v1/auth/logout').set('Cookie', both).set('x-csrf-token', csrf.body.csrfToken).expect(204);
    expect(([] as string[]).concat(out.headers['set-cookie']).some((c) => /^sf_session=;/.test(c))).toBe(true);
    await request(server).get('/api/v1/auth/me').set('Cookie', cookie).expect(401);

    // A bearer client is not a browser session: no CSRF token needed.
    const again = await cookieLogin(e.username);
    await request(server).post('/api/v1/auth/logout').set('Authorization', `Bearer ${again.res.body.accessToken}`).expect(204);
  });

  it('opens bull-board for an administrator session cookie, not for others', async () => {
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const reviewer = await createStaff(sys.dataSource, ['city_reviewer']);
    const asAdmin = await cookieLogin(admin.username);
    const asReviewer = await cookieLogin(reviewer.username);
    const board = await request(server).get('/admin/queues').set('Cookie', asAdmin.cookie).expect(200);
    expect(board.headers['content-type']).toMatch(/html/);
    const api = await request(server).get('/admin/queues/api/queues').set('Cookie', asAdmin.cookie).expect(200);
    expect(api.body.queues.length).toBeGreaterThan(0);
    await request(server).get('/admin/queues').set('Cookie', asReviewer.cookie).expect(403);
    await request(server).get('/admin/queues').expect(401);
    // Unsafe board requests from another origin are refused.
    await request(server).put('/admin/queues/api/queues/pause').set('Cookie', asAdmin.cookie).set('Origin', 'https://evil.example').expect(403);
  });

  it('serves the pages at / with a fallback that never shadows the API, the documents or the probes', async () => {
    const home = await request(server).get('/').set('Accept', 'text/html').expect(200);
    expect(home.text).toContain('<div id="root">');
    const deep = await request(server).get('/review/tasks/123').set('Accept', 'text/html').expect(200);
    expect(deep.text).toContain('<div id="root">');
    const asset = home.text.match(/\/assets\/[^"]+\.js/)![0];
    const js = await request(server).get(asset).expect(200);
    expect(js.headers['cache-control']).toMatch(/immutable/);
    await request(server).get('/assets/missing.js').expect(404);
    const unknownApi = await request(server).get('/api/v1/nope').set('Accept', 'text/html').expect(404);
    expect(unknownApi.headers['content-type']).toMatch(/json/);
    const docsJson = await request(server).get('/docs-json').set('Accept', 'text/html').expect(200);
    expect(docsJson.body.openapi).toBeDefined();
    await request(server).get('/health').set('Accept', 'text/html').expect((r) => expect(r.headers['content-type']).toMatch(/json/));
    const metrics = await request(server).get('/metrics').set('Accept', 'text/html');
    expect(metrics.text).not.toContain('<div id="root">');
  });
});
