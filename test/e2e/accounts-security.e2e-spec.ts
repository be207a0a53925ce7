import { totpCode } from '@app/auth';
import { loadConfig } from '@app/config';
import { prepareDatabase } from '@app/runtime';
import { createEnterprise, createStaff, createTestDatabase, login, startTestSystem, TEST_PASSWORD, TestSystem } from '@app/testing';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

const GOOD_SECRET = 'k3Jd8-a9Qz2LmXw7PvB4rT6yHn1GfUe5Sc0';
const production = (extra: Record<string, string> = {}) => ({
  NODE_ENV: 'production', JWT_SECRET: GOOD_SECRET, AUDIT_ANCHOR_KEY: `${GOOD_SECRET}-anchor`, ...extra,
});

/** Issue 10, items 1, 5 and 6: no demo data in production, the first administrator, login delays, TOTP. */
describe('accounts: first administrator, login delays, second factor', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'accounts', modules: [ApiModule], consume: [], relay: false, env: { RATE_LIMITS: 'true' } });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('refuses weak JWT secrets in production and never seeds demo accounts there, whatever SEED_DEMO says', async () => {
    for (const JWT_SECRET of ['change-me-to-32-random-bytes', 'a'.repeat(40), 'x7'.repeat(15) + 'q']) {
      expect(() => loadConfig(production({ JWT_SECRET }))).toThrow(/JWT_SECRET/);
    }
    const config = loadConfig(production({ SEED_DEMO: 'true' }));
    expect(config.seedDemo).toBe(false);
    const database = await createTestDatabase('prod-seed');
    try {
      const created = await prepareDatabase(database.url, { ...config, seedDemo: true });
      expect(created.demo).toEqual([]);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query('SELECT count(*)::int AS n FROM accounts');
      await client.end();
      expect(rows[0].n).toBe(0);
    } finally {
      await database.drop();
    }
  });

  it('creates the first administrator from the CLI with a one-time password that must be changed, then TOTP enrolment', async () => {
    const run = spawnSync('npm', ['run', '--silent', 'cli', '--', 'admin:create', '--username', 'first.admin'], {
      cwd: join(__dirname, '..', '..'), encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, DATABASE_URL: sys.databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const created = JSON.parse(run.stdout);
    expect(created).toMatchObject({ username: 'first.admin', mustChangePassword: true, oneTimePassword: expect.any(String) });
    const again = spawnSync('npm', ['run', '--silent', 'cli', '--', 'admin:create', '--username', 'first.admin'], {
      cwd: join(__dirname, '..', '..'), encoding: 'utf8', timeout: 120_000,
      env: { ...process.env, DATABASE_URL: sys.databaseUrl, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/exists already/);

    const first = await api().post('/api/v1/auth/login').send({ username: 'first.admin', password: created.oneTimePassword }).expect(200);
    expect(first.body.pending).toEqual(['password-change', 'totp-enrolment']);
    const bearer = `Bearer ${first.body.accessToken}`;
    const blocked = await api().get('/api/v1/webhooks').set('Authorization', bearer).expect(403);
    expect(blocked.body.error).toBe('password-change-required');
    await api().post('/api/v1/auth/password').set('Authorization', bearer)
      .send({ currentPassword: created.oneTimePassword, newPassword: 'a-new-long-password' }).expect(204);
    await api().post('/api/v1/auth/login').send({ username: 'first.admin', password: created.oneTimePassword }).expect(401);
    expect((await api().get('/api/v1/webhooks').set('Authorization', bearer).expect(403)).body.error).toBe('totp-enrolment-required');

    const enrolment = await api().post('/api/v1/auth/totp/enrolment').set('Authorization', bearer).expect(201);
    expect(enrolment.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/.*secret=/);
    await api().post('/api/v1/auth/totp/confirmation').set('Authorization', bearer).send({ code: '000000' === totpCode(enrolment.body.secret) ? '111111' : '000000' }).expect(400);
    const confirmed = await api().post('/api/v1/auth/totp/confirmation').set('Authorization', bearer)
      .send({ code: totpCode(enrolment.body.secret) }).expect(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    await api().get('/api/v1/webhooks').set('Authorization', bearer).expect(200);

    // From now on a password alone is not enough; a recovery code works once.
    const password = { username: 'first.admin', password: 'a-new-long-password' };
    expect((await api().post('/api/v1/auth/login').send(password).expect(401)).body.error).toBe('totp-required');
    expect((await api().post('/api/v1/auth/login').send({ ...password, totp: totpCode(enrolment.body.secret) }).expect(200)).body.pending).toEqual([]);
    const code = confirmed.body.recoveryCodes[0];
    await api().post('/api/v1/auth/login').send({ ...password, recoveryCode: code }).expect(200);
    expect((await api().post('/api/v1/auth/login').send({ ...password, recoveryCode: code }).expect(401)).body.error).toBe('invalid-second-factor');
    const [{ id }]: { id: string }[] = await sys.dataSource.query(`SELECT id FROM accounts WHERE username = 'first.admin'`);
    const actions: { action: string }[] = await sys.dataSource.query('SELECT action FROM audit_log WHERE stream = $1 ORDER BY seq', [`account:${id}`]);
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining([
      'account.created', 'password.changed', 'totp.enrolment-started', 'totp.confirmation-failed', 'totp.enabled',
      'login.second-factor-passed', 'login.second-factor-failed',
    ]));
    const stored: { code_hash: string }[] = await sys.dataSource.query('SELECT code_hash FROM account_recovery_codes WHERE account_id = $1', [id]);
    expect(stored.map((s) => s.code_hash)).not.toContain(code);
  }, 300_000);

  it('requires the second factor of directors and auditors; an enterprise needs none', async () => {
    for (const role of ['director', 'auditor'] as const) {
      const staff = await createStaff(sys.dataSource, [role]);
      expect((await api().post('/api/v1/auth/login').send({ username: staff.username, password: TEST_PASSWORD }).expect(401)).body.error).toBe('totp-required');
      await login(server, staff.username);
    }
    const e = await createEnterprise(sys.dataSource);
    expect((await api().post('/api/v1/auth/login').send({ username: e.username, password: TEST_PASSWORD }).expect(200)).body.pending).toEqual([]);
  });

  it('answers an unknown and a known username alike, slows both down with growing delays, and lets the owner in again', async () => {
    const e = await createEnterprise(sys.dataSource);
    const attempt = (username: string, password = 'wrong', language?: string) => {
      const r = api().post('/api/v1/auth/login').set('X-Forwarded-For', '203.0.113.7').send({ username, password });
      return language ? r.set('Accept-Language', language) : r;
    };
    // Seconds to wait may differ by one between two tries a moment apart; everything else is the same.
    const shape = (r: request.Response) => ({
      status: r.status, error: r.body.error, message: String(r.body.message).replace(/\d+/g, 'N'), retry: r.headers['retry-after'] !== undefined,
    });
    const known: ReturnType<typeof shape>[] = [];
    const unknown: ReturnType<typeof shape>[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(shape(await attempt(e.username)));
      unknown.push(shape(await attempt(`nobody-${e.username}`)));
    }
    expect(known).toEqual(unknown);
    expect(known.slice(0, 6).map((k) => k.status)).toEqual([401, 401, 401, 401, 401, 401]);
    // The sixth failure asked for a wait: the seventh try is refused with when to retry, in Chinese by default.
    expect(known[6]).toMatchObject({ status: 429, error: 'too-many-attempts', retry: true });
    expect(known[6].message).toMatch(/请在 N 秒后重试/);
    const english = await attempt(e.username, TEST_PASSWORD, 'en-GB,en;q=0.9,zh;q=0.5').expect(429);
    expect(english.body.message).toMatch(/^Too many login attempts; try again in \d+ seconds?$/);
    expect(Number(english.headers['retry-after'])).toBeLessThanOrEqual(60);
    // No hard lock: once the wait is over the owner gets in.
    sys.time.travel(61_000);
    await attempt(e.username, TEST_PASSWORD).expect(200);
  });

  it('slows down one address trying many usernames, not the rest of the office', async () => {
    const tries = async (address: string, n: number) => {
      const statuses: number[] = [];
      for (let i = 0; i < n; i++) {
        statuses.push((await api().post('/api/v1/auth/login').set('X-Forwarded-For', address).send({ username: `guess-${address}-${i}`, password: 'x' })).status);
      }
      return statuses;
    };
    const statuses = await tries('198.51.100.9', 32);
    expect(statuses.slice(0, 31).every((s) => s === 401)).toBe(true);
    expect(statuses[31]).toBe(429);
    const e = await createEnterprise(sys.dataSource);
    await api().post('/api/v1/auth/login').set('X-Forwarded-For', '198.51.100.10').send({ username: e.username, password: TEST_PASSWORD }).expect(200);
  });

  it('answers the per-client request limit with a message in the caller’s language and Retry-After, not a raw ThrottlerException', async () => {
    let last: request.Response | undefined;
    for (let i = 0; i < 11; i++) {
      last = await api().post('/api/v1/enterprises/activate').set('Accept-Language', 'en').send({});
    }
    expect(last?.status).toBe(429);
    expect(last?.body).toMatchObject({ error: 'too-many-requests', message: expect.stringMatching(/^Too many requests; try again in \d+ seconds?$/), requestId: expect.any(String) });
    expect(last?.headers['retry-after']).toMatch(/^\d+$/);
    const zh = await api().post('/api/v1/enterprises/activate').send({}).expect(429);
    expect(zh.body.message).toMatch(/请求过于频繁/);
    expect(JSON.stringify(zh.body)).not.toMatch(/ThrottlerException/);
  });
});
