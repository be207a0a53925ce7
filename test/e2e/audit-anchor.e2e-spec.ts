import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import { readdir } from 'node:fs/promises';
import { Client } from 'pg';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** Issue 10, item 2: the audit trail cannot be erased without trace. */
describe('audit trail: an application role that owns nothing, and a head anchored outside the database', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  let owner: Client;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'audit-anchor', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    owner = new Client({ connectionString: sys.databaseUrl });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
    await sys?.stop();
  });

  it('connects as a role that cannot TRUNCATE, UPDATE or DELETE the audit log, nor ALTER it or disable its trigger', async () => {
    const [{ user }]: { user: string }[] = await sys.dataSource.query('SELECT current_user AS user');
    expect(user).toBe('sf_app');
    const owned: unknown[] = await sys.dataSource.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`);
    expect(owned).toHaveLength(0);
    await expect(sys.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(/permission denied/);
    await expect(sys.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only')).rejects.toThrow(/must be owner/);
    await expect(sys.dataSource.query('ALTER TABLE audit_log DISABLE TRIGGER ALL')).rejects.toThrow(/must be owner/);
    await expect(sys.dataSource.query(`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`)).rejects.toThrow(/permission denied/);
    await expect(sys.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(sys.dataSource.query('DROP TABLE audit_log')).rejects.toThrow(/must be owner/);
    await expect(sys.dataSource.query('CREATE TABLE sneaky (id int)')).rejects.toThrow(/permission denied/);
  });

  it('finds a deleted last row or a truncated log by the last exported signed head, which is kept in a file and served', async () => {
    const e = await createEnterprise(sys.dataSource);
    const other = await createEnterprise(sys.dataSource);
    const auditor = await login(server, (await createStaff(sys.dataSource, ['auditor'])).username);
    const created = await api().post('/api/v1/applications').set('Authorization', await login(server, e.username))
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 3_000_000, relatedParty: false } }).expect(201);
    await api().get(`/api/v1/applications/${created.body.id}`).set('Authorization', await login(server, other.username)).expect(404);

    const exported = await api().post('/api/v1/audit/anchors').set('Authorization', auditor).expect(201);
    expect(exported.body).toMatchObject({ rows: expect.any(Number), signature: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await api().get('/api/v1/audit/anchors/latest').set('Authorization', auditor).expect(200)).body).toEqual(exported.body);
    expect((await readdir(sys.config.auditAnchor.dir)).some((f) => /^audit-head-\d{4}-\d{2}-\d{2}\.json$/.test(f))).toBe(true);
    expect((await api().get('/api/v1/audit/verification').set('Authorization', auditor).expect(200)).body).toMatchObject({ ok: true, anchoredAt: exported.body.exportedAt });

    // The owner removes the last row of a stream: what is left still chains, but the exported head names that row.
    const stream = `account:${other.accountId}`;
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await owner.query('DELETE FROM audit_log WHERE stream = $1 AND seq = (SELECT max(seq) FROM audit_log WHERE stream = $1)', [stream]);
    await owner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    const shortened = await api().get('/api/v1/audit/verification').set('Authorization', auditor).expect(200);
    expect(shortened.body).toMatchObject({ ok: false, stream, reason: expect.stringContaining('is gone') });

    await owner.query('TRUNCATE audit_log');
    const truncated = await api().get('/api/v1/audit/verification').set('Authorization', auditor).expect(200);
    expect(truncated.body.ok).toBe(false);
  });
});
