import { createEnterprise, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** Issue 10, item 10: upload quotas and rate, request ids on every error, and an OpenAPI document that says all. */
describe('upload quotas, error bodies and the OpenAPI document', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n, 0x20), Buffer.from('\n%%EOF\n')]);

  beforeAll(async () => {
    sys = await startTestSystem({
      label: 'upload-quotas', modules: [ApiModule], consume: [], relay: false,
      env: { MATERIALS_MAX_PER_CASE: '3', MATERIALS_MAX_BYTES_PER_CASE: '1048576', MATERIALS_UPLOADS_PER_MINUTE: '5', BODY_LIMIT: '1kb' },
    });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  async function openCase(auth?: string, year = 2024): Promise<{ id: string; auth: string }> {
    auth ??= await login(server, (await createEnterprise(sys.dataSource)).username);
    const created = await api().post('/api/v1/applications').set('Authorization', auth)
      .send({ program: 'innovation-voucher', year, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    return { id: created.body.id, auth };
  }
  const upload = (c: { id: string; auth: string }, bytes: Buffer) =>
    api().post(`/api/v1/applications/${c.id}/materials`).set('Authorization', c.auth).field('kind', '技术服务合同').attach('file', bytes, { filename: 'a.pdf' });

  it('limits files and bytes per case, and uploads per minute (429 with Retry-After)', async () => {
    const small = await openCase();
    for (let i = 0; i < 3; i++) await upload(small, pdf(100)).expect(201);
    const many = await upload(small, pdf(100)).expect(422);
    expect(many.body.message).toMatch(/most allowed \(3\)/);

    const big = await openCase();
    await upload(big, pdf(700_000)).expect(201);
    const total = await upload(big, pdf(400_000)).expect(413);
    expect(total.body).toMatchObject({ error: 'payload-too-large', requestId: expect.any(String) });

    // Five stored uploads a minute per account (two cases of one enterprise), then 429 with when to retry.
    const first = await openCase();
    const second = await openCase(first.auth, 2023);
    for (let i = 0; i < 3; i++) await upload(first, pdf(10)).expect(201);
    for (let i = 0; i < 2; i++) await upload(second, pdf(10)).expect(201);
    const limited = await upload(second, pdf(10)).set('Accept-Language', 'en').expect(429);
    expect(limited.body).toMatchObject({
      error: 'too-many-uploads', message: expect.stringMatching(/^Too many uploads; try again in \d+ seconds?$/), requestId: expect.any(String),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('names the request id in the error of a malformed or too-large JSON body', async () => {
    const { auth } = await openCase();
    const malformed = await api().post('/api/v1/calculator').set('Content-Type', 'application/json').set('Authorization', auth).send('{"program":').expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, requestId: expect.any(String) });
    expect(malformed.body.requestId).toBe(malformed.headers['x-request-id']);
    const large = await api().post('/api/v1/calculator').set('Content-Type', 'application/json').send(JSON.stringify({ x: 'y'.repeat(4096) })).expect(413);
    expect(large.body).toMatchObject({ error: 'payload-too-large', requestId: large.headers['x-request-id'] });
  });

  it('documents 400 on list filters, 413 on uploads, the validators’ limits and string registration numbers', async () => {
    const doc = (await api().get('/docs-json').expect(200)).body;
    expect(doc.paths['/api/v1/applications'].get.responses).toHaveProperty('400');
    expect(doc.paths['/api/v1/tasks'].get.responses).toHaveProperty('400');
    expect(doc.paths['/api/v1/applications/{id}/materials'].post.responses).toHaveProperty('413');
    expect(doc.paths['/api/v1/applications/{id}/materials'].post.responses).toHaveProperty('429');
    const limit = doc.paths['/api/v1/applications'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ minimum: 1, maximum: 500 });
    const schemas = doc.components.schemas;
    // Every request body with a year states its range.
    const bodies = new Set<string>();
    for (const operations of Object.values(doc.paths) as Record<string, { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } }>[]) {
      for (const op of Object.values(operations)) {
        const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
        if (ref) bodies.add(ref.split('/').pop() as string);
      }
    }
    const withYear = [...bodies].map((name) => schemas[name]).filter((s) => s?.properties?.year) as { properties: { year: { minimum?: number; maximum?: number } } }[];
    expect(withYear.length).toBeGreaterThan(0);
    for (const s of withYear) expect(s.properties.year).toMatchObject({ minimum: expect.any(Number), maximum: expect.any(Number) });
    expect(schemas.SubmitApplicationDto.properties.year).toMatchObject({ minimum: 2000, maximum: 2100 });
    const registration = Object.values(schemas).filter((s) => (s as { properties?: Record<string, unknown> }).properties?.techSmeNo) as { properties: Record<string, { type?: string }> }[];
    expect(registration.length).toBeGreaterThan(0);
    for (const s of registration) {
      expect(s.properties.techSmeNo.type).toBe('string');
      expect(s.properties.highTechCertNo.type).toBe('string');
    }
  });
});
