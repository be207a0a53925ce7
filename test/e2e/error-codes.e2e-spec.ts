import { ALL_QUEUES, ERROR_CODES } from '@app/contracts';
import { createEnterprise, createStaff, handInMaterials, login, startTestSystem, TestSystem, waitForTask } from '@app/testing';
import request from 'supertest';
import { ALL_APPS } from '../../apps/all-in-one/src/all-apps';

/**
 * Issue 12 item 6: a failure the client can act on has a code of its own from the one catalogue (not just
 * "conflict" or "forbidden"), with the status the catalogue gives it, and the OpenAPI error body lists them all.
 */
describe('error codes', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const voucher = { program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } };
  let asReviewer: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'error_codes', modules: ALL_APPS.modules, consume: [...ALL_QUEUES], relay: true });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
    asReviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
  });
  afterAll(async () => sys?.stop());

  const decide = (id: string, version: number) =>
    api().post(`/api/v1/tasks/${id}/decision`).set('Authorization', asReviewer).send({ version, decision: 'approve', reason: '同意' });

  it('names who may not act, what exists already, what changed, what is missing and who decided before', async () => {
    expect((await api().post('/api/v1/applications').set('Authorization', asReviewer).send(voucher).expect(403)).body)
      .toMatchObject({ statusCode: 403, error: 'wrong-role' });
    expect((await api().post('/api/v1/auth/login').send({ username: 'nobody-here', password: 'wrong-password-1' }).expect(401)).body)
      .toMatchObject({ error: 'invalid-credentials' });

    const owner = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const auth = await login(server, owner.username);
    const id: string = (await api().post('/api/v1/applications').set('Authorization', auth).send(voucher).expect(201)).body.id;
    expect((await api().post('/api/v1/applications').set('Authorization', auth).send(voucher).expect(409)).body.error).toBe('open-case-exists');

    const acceptance = await waitForTask(server, asReviewer, id, 'acceptance');
    expect((await decide(acceptance.id, acceptance.version).expect(422)).body.error).toBe('dossier-incomplete');
    expect((await decide(acceptance.id, acceptance.version + 7).expect(409)).body.error).toBe('task-changed');
    // The batch says the same per task.
    const batch = await api().post('/api/v1/tasks/batch-approval').set('Authorization', asReviewer)
      .send({ tasks: [{ id: acceptance.id, version: acceptance.version + 7 }], reason: '同意' }).expect(200);
    expect(batch.body).toEqual([expect.objectContaining({ id: acceptance.id, statusCode: 409, code: 'task-changed' })]);

    await handInMaterials(sys.dataSource, id);
    await decide(acceptance.id, acceptance.version).expect(200);
    // The same reviewer may not decide the next step of the case (formal review is the district's too).
    const formal = await waitForTask(server, asReviewer, id, 'formal_review');
    expect((await decide(formal.id, formal.version).expect(403)).body).toMatchObject({ statusCode: 403, error: 'four-eyes' });
  });

  it('documents the error body with every code of the catalogue, on the error responses', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>>;
    };
    expect(doc.components.schemas.ErrorBody.properties.error.enum).toEqual(ERROR_CODES);
    const decision = doc.paths['/api/v1/tasks/{id}/decision'].post.responses;
    for (const status of ['400', '401', '403', '404', '409']) {
      expect({ status, schema: decision[status]?.content?.['application/json']?.schema }).toEqual({ status, schema: { $ref: '#/components/schemas/ErrorBody' } });
    }
  });
});
