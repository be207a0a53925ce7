import { ALL_QUEUES } from '@app/contracts';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem, waitFor, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * What acceptance (受理) checks before a case moves on: every required material of the program version handed
 * in (kinds from the version's data), and every fact the amount rests on verified — an enterprise's own word
 * about itself (declared) gives only a provisional amount until a reviewer verifies it.
 */
describe('acceptance: required materials and declared facts', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');
  let asReviewer: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'acceptance_dossier', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    asReviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
  });
  afterAll(async () => sys?.stop());

  const upload = (auth: string, id: string, kind: string) =>
    api().post(`/api/v1/applications/${id}/materials`).set('Authorization', auth).field('kind', kind).attach('file', pdf, 'a.pdf');
  const approve = async (id: string) => {
    const task = await waitForTask(server, asReviewer, id, 'acceptance');
    return api().post(`/api/v1/tasks/${task.id}/decision`).set('Authorization', asReviewer)
      .send({ version: task.version, decision: 'approve', reason: '受理' });
  };

  it('checks the kind against the version, shows what is missing, and does not accept a case with a required item missing', async () => {
    const owner = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const auth = await login(server, owner.username);
    const created = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;
    const programs = await api().get('/api/v1/programs/innovation-voucher/versions/2024').expect(200);
    const required: string[] = programs.body.definition.requiredMaterials;
    expect(required).toContain('技术服务合同');
    // The case view says what is missing (the 201 of a submission is lean: its id, number and status).
    expect((await api().get(`/api/v1/applications/${id}`).set('Authorization', auth).expect(200)).body.materialsMissing).toEqual(required);

    const wrong = await upload(auth, id, '随便什么').expect(400);
    expect(wrong.body.fields).toEqual([{ field: 'kind', message: expect.stringContaining('技术服务合同') }]);
    await upload(auth, id, '技术服务合同').expect(201);
    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', asReviewer).expect(200);
    expect(view.body.materialsMissing).toEqual(required.filter((k) => k !== '技术服务合同'));

    await waitFor(async () => (await api().get(`/api/v1/applications/${id}`).set('Authorization', auth)).body.status === 'acceptance', 'screening');
    const refused = await approve(id);
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toEqual([{ field: 'materials', message: expect.stringContaining(required[0]) }]);
    const [{ status }]: { status: string }[] = await sys.dataSource.query('SELECT status FROM applications WHERE id = $1', [id]);
    expect(status).toBe('acceptance');

    for (const kind of required.filter((k) => k !== '技术服务合同')) await upload(auth, id, kind).expect(201);
    expect((await api().get(`/api/v1/applications/${id}`).set('Authorization', auth)).body.materialsMissing).toEqual([]);
    expect((await approve(id)).status).toBe(200);
  });

  it('keeps an amount resting on a fact the enterprise declared provisional until the acceptance reviewer verifies it', async () => {
    // Not a high-tech enterprise (the registry says so): the R&D subsidy of a 规下 enterprise would be 0.
    const e = await createEnterprise(sys.dataSource, { regionCode: '350102', scale: 'below' });
    const auth = await login(server, e.username);
    const patched = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({ highTechCertNo: 'GR202435000777' }).expect(200);
    expect(patched.body.factStatus.highTechCertNo).toEqual({ status: 'declared', source: 'enterprise', by: null, at: null });
    expect(patched.body.factStatus.scale).toMatchObject({ status: 'verified', source: 'registry' });

    const created = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'rd-subsidy', year: 2024, facts: { rdExpenseFen: 300_000_000 } }).expect(201);
    const id: string = created.body.id;
    await waitFor(async () => (await api().get(`/api/v1/applications/${id}`).set('Authorization', auth)).body.status === 'acceptance', 'screening');
    const screened = await api().get(`/api/v1/applications/${id}`).set('Authorization', auth).expect(200);
    expect(screened.body).toMatchObject({ amountFen: 9_000_000, amountProvisional: true, unverifiedFacts: ['isHighTech'] });
    expect(screened.body.trace).toContainEqual(expect.objectContaining({ rule: 'provisional', detail: expect.stringContaining('highTechCertNo') }));

    for (const kind of screened.body.materialsMissing as string[]) await upload(auth, id, kind).expect(201);
    const refused = await approve(id);
    expect(refused.status).toBe(422);
    expect(refused.body.fields).toEqual([{ field: 'facts', message: expect.stringContaining('isHighTech') }]);

    // Only a reviewer of the case verifies; the enterprise cannot vouch for itself.
    await api().post(`/api/v1/applications/${id}/fact-verifications`).set('Authorization', auth).send({ facts: ['isHighTech'] }).expect(403);
    const bad = await api().post(`/api/v1/applications/${id}/fact-verifications`).set('Authorization', asReviewer).send({ facts: ['isMaker'] }).expect(400);
    expect(bad.body.fields[0].field).toBe('facts');
    const verified = await api().post(`/api/v1/applications/${id}/fact-verifications`).set('Authorization', asReviewer)
      .send({ facts: ['isHighTech'] }).expect(200);
    expect(verified.body).toMatchObject({ amountProvisional: false, unverifiedFacts: [] });
    const [reviewer]: { id: string }[] = await sys.dataSource.query(
      "SELECT id FROM accounts WHERE 'district_reviewer' = ANY(roles) AND region_code = '350102' LIMIT 1",
    );
    const me = await api().get('/api/v1/enterprises/me').set('Authorization', auth).expect(200);
    expect(me.body.factStatus.highTechCertNo).toMatchObject({ status: 'verified', source: 'reviewer', by: reviewer.id, at: expect.any(String) });
    const audit: { action: string; data: { facts: string[] } }[] = await sys.dataSource.query(
      'SELECT action, data FROM audit_log WHERE stream = $1 AND action = $2', [`application:${id}`, 'facts.verified'],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].data.facts).toEqual(['isHighTech']);
    expect((await approve(id)).status).toBe(200);

    // Changing a verified fact makes it declared again.
    const again = await api().patch('/api/v1/enterprises/me').set('Authorization', auth).send({ highTechCertNo: 'GR202435000999' }).expect(200);
    expect(again.body.factStatus.highTechCertNo.status).toBe('declared');
  });
});
