import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, handInMaterials, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import { Client } from 'pg';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 10, items 16–18 as far as they run against the machine's own services: a held row lock makes a
 * decision answer quickly (409 with Retry-After), never hang; the outbox relay opens a new LISTEN session when
 * its own is killed, and says so in /health and /metrics; each process re-measures its clock offset.
 */
describe('timeouts, the relay LISTEN session and the clock offset', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'timeouts', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true,
      // Polling once a minute: whatever is published sooner was woken by NOTIFY.
      env: { OUTBOX_POLL_MS: '60000' },
    });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  const listeners = async (): Promise<number[]> =>
    (
      await sys.dataSource.query(
        // The relay's LISTEN session is the one session of its role (it also takes the relay's lead on it).
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'subsidy-flow:relay'`,
      )
    ).map((r: { pid: number }) => r.pid);

  it('a decision on a case whose row another session holds answers 409 within seconds, then goes through', async () => {
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    await handInMaterials(sys.dataSource, created.body.id);
    const task = await waitForTask(server, reviewer, created.body.id, 'acceptance');
    await sys.waitForIdle();

    // Another session (a paused process, a long transaction) holds the case's row.
    const holder = new Client({ connectionString: sys.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM applications WHERE id = $1 FOR UPDATE', [created.body.id]);
      const t0 = Date.now();
      const blocked = await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', reviewer)
        .send({ version: task.version, decision: 'approve', reason: '受理' });
      const tookMs = Date.now() - t0;
      expect({ status: blocked.status, retryAfter: blocked.headers['retry-after'], error: blocked.body.error }).toEqual({
        status: 409, retryAfter: '1', error: 'conflict',
      });
      expect(tookMs).toBeLessThan(5_000);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end();
    }
    // Nothing was half-written: the same decision with the same version now succeeds.
    await api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', reviewer)
      .send({ version: task.version, decision: 'approve', reason: '受理' }).expect(200);
  });

  it('the relay LISTENs again after its session is killed; /health and /metrics say whether it listens', async () => {
    const before = await waitFor(async () => ((await listeners()).length === 1 ? await listeners() : null), 'one LISTEN session');
    const health = await api().get('/health').expect(200);
    expect(health.body.info.outboxRelay).toEqual({ status: 'up', listening: true });

    await sys.dataSource.query('SELECT pg_terminate_backend($1)', [before[0]]);
    const after = await waitFor(async () => {
      const pids = await listeners();
      return pids.length === 1 && pids[0] !== before[0] ? pids : null;
    }, 'a new LISTEN session', 10_000);
    expect(after[0]).not.toBe(before[0]);
    await waitFor(async () => (await api().get('/health')).body.info?.outboxRelay?.listening === true, '/health to say listening');
    const metrics = await api().get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^subsidy_outbox_relay_listening 1$/m);

    // NOTIFY reaches the new session: the relay polls only once a minute here, yet a submission is screened at once.
    const e = await createEnterprise(sys.dataSource);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    await waitFor(async () => {
      const [row]: { status: string }[] = await sys.dataSource.query('SELECT status FROM applications WHERE id = $1', [created.body.id]);
      return row.status === 'acceptance';
    }, 'the case to be screened', 5_000);
  });

  it('the clock offset from the database is measured again and again, not only at boot', async () => {
    const first = sys.time.offset().measuredAt;
    expect(first).not.toBeNull();
    sys.time.keepSynced(sys.dataSource, 100);
    const later = await waitFor(() => {
      const at = sys.time.offset().measuredAt;
      return at && first && at.getTime() > first.getTime() ? at : null;
    }, 'a new measure of the offset', 5_000);
    expect(later.getTime()).toBeGreaterThan(first!.getTime());
    expect(Math.abs(sys.time.offset().skewMs)).toBeLessThan(1_000);
  });
});
