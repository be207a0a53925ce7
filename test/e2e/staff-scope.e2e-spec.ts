import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** Issue 10, item 4: staff see only their scope, and every refused object access is audited. */
describe('what staff may see of cases', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'staff-scope', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  async function caseOf(enterpriseId: string, year: number): Promise<string> {
    const [pv]: { id: string }[] = await sys.dataSource.query(
      `SELECT id FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1`);
    const [row]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at)
       VALUES ($1, 'innovation-voucher', $2, $3, 'formal_review', '{}'::jsonb, now()) RETURNING id`, [enterpriseId, pv.id, year]);
    return row.id;
  }
  async function materialOf(applicationId: string, uploader: string): Promise<string> {
    const [row]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO materials (application_id, kind, file_name, content_type, size_bytes, sha256, content, uploaded_by)
       VALUES ($1, '合同', 'a.pdf', 'application/pdf', 5, repeat('0', 64), '\\x255044462d'::bytea, $2) RETURNING id`, [applicationId, uploader]);
    return row.id;
  }
  const denials = async (accountId: string) =>
    (await sys.dataSource.query(`SELECT action, data FROM audit_log WHERE stream = $1 AND action LIKE '%read-denied' ORDER BY seq`, [`account:${accountId}`]) as { action: string; data: Record<string, string> }[]);

  it('keeps district reviewers to their district, experts to their panels, auditors out; city staff see the city', async () => {
    const gulou = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const jinan = await createEnterprise(sys.dataSource, { regionCode: '350111' });
    const mine = await caseOf(gulou.enterpriseId, 2024);
    const theirs = await caseOf(jinan.enterpriseId, 2024);
    const theirsToo = await caseOf(jinan.enterpriseId, 2023);
    const material = await materialOf(theirs, jinan.accountId);

    const district = await createStaff(sys.dataSource, ['district_reviewer'], '350102');
    const asDistrict = await login(server, district.username);
    const listed = await api().get('/api/v1/applications?limit=500').set('Authorization', asDistrict).expect(200);
    const ids = listed.body.map((a: { id: string }) => a.id);
    expect(ids).toContain(mine);
    expect(ids).not.toContain(theirs);
    await api().get(`/api/v1/applications/${mine}`).set('Authorization', asDistrict).expect(200);
    await api().get(`/api/v1/applications/${theirs}`).set('Authorization', asDistrict).expect(404);
    await api().get(`/api/v1/applications/${theirs}/materials`).set('Authorization', asDistrict).expect(404);
    await api().get(`/api/v1/materials/${material}/content`).set('Authorization', asDistrict).expect(404);
    await api().get(`/api/v1/applications/${randomUUID()}`).set('Authorization', asDistrict).expect(404);
    expect((await denials(district.accountId)).map((d) => d.action)).toEqual(['case.read-denied', 'case.read-denied', 'material.read-denied']);

    for (const role of ['city_reviewer', 'director'] as const) {
      const auth = await login(server, (await createStaff(sys.dataSource, [role])).username);
      const all = (await api().get('/api/v1/applications?limit=500').set('Authorization', auth).expect(200)).body.map((a: { id: string }) => a.id);
      expect(all).toEqual(expect.arrayContaining([mine, theirs, theirsToo]));
      await api().get(`/api/v1/materials/${material}/content`).set('Authorization', auth).expect(200);
    }

    const expert = await createStaff(sys.dataSource, ['expert']);
    const asExpert = await login(server, expert.username);
    await api().get(`/api/v1/applications/${theirs}`).set('Authorization', asExpert).expect(404);
    await sys.dataSource.query(
      `INSERT INTO expert_seats (application_id, entered_transition_id, expert_id) VALUES ($1, $2, $3)`, [theirs, randomUUID(), expert.accountId]);
    await api().get(`/api/v1/applications/${theirs}`).set('Authorization', asExpert).expect(200);
    await api().get(`/api/v1/materials/${material}/content`).set('Authorization', asExpert).expect(200);
    await api().get(`/api/v1/applications/${theirsToo}`).set('Authorization', asExpert).expect(404);
    const expertList = (await api().get('/api/v1/applications?limit=500').set('Authorization', asExpert).expect(200)).body;
    expect(expertList.map((a: { id: string }) => a.id)).toEqual([theirs]);

    const auditor = await createStaff(sys.dataSource, ['auditor']);
    const asAuditor = await login(server, auditor.username);
    expect((await api().get('/api/v1/applications?limit=500').set('Authorization', asAuditor).expect(200)).body).toEqual([]);
    await api().get(`/api/v1/applications/${mine}`).set('Authorization', asAuditor).expect(404);
    await api().get(`/api/v1/materials/${material}/content`).set('Authorization', asAuditor).expect(404);
    expect((await denials(auditor.accountId)).map((d) => d.action)).toEqual(['case.read-denied', 'material.read-denied']);
  });
});
